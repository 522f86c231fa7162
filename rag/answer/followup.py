"""A follow-up made into a question that stands alone, before it is searched, asked and decided.

"Who founded it?" after "What share of Scale AI did Meta buy?" is searched, answered and weighed as
"Who founded Scale AI?": the generator rewrites it (few-shot, greedy, the instructions' state kept), and
the rewrite is used only when it keeps the follow-up's own words; otherwise the flow falls back to
searching the two questions together with the earlier one in the prompt.
"""
from __future__ import annotations

import re

from ..generators import Generator
from ..texts import LANGUAGES

Messages = list[dict[str, str]]
MAX_TOKENS = 64


def instructions(language: str) -> Messages:
    """The system turn and the worked examples (kept as a saved prompt opening)."""
    lang = LANGUAGES[language]
    messages = [{"role": "system", "content": lang.standalone}]
    for earlier, question, alone in lang.standalone_examples:
        messages += [{"role": "user", "content": _turn(language, earlier, question)},
                     {"role": "assistant", "content": alone}]
    return messages


def _turn(language: str, earlier: str, question: str) -> str:
    lang = LANGUAGES[language]
    return f"{lang.previous_label}: {earlier}\n{lang.question_label}: {question}"


def standalone(generator: Generator, question: str, previous: str, language: str) -> str | None:
    """`question` made to stand alone: the generator names what it points back to in `previous` and
    the pointing words are replaced (`resolved`); where that fails, the generator rewrites it whole
    (`rewritten`). None where neither is usable."""
    thing = referent(generator, question, previous, language)
    alone = resolved(question, thing, language) if thing else None
    return alone or rewritten(generator, question, previous, language)


def referent(generator: Generator, question: str, previous: str, language: str) -> str | None:
    """What `question` points back to, as the generator copies it from `previous`; None unless the
    reply is a part of `previous` (never the whole of it)."""
    ask = LANGUAGES[language].referent.format(previous=previous, question=question)
    reply = "".join(generator.stream([{"role": "user", "content": ask}], 24)).strip()
    thing = (reply.splitlines() or [""])[0].strip(" \"'.,?!:")
    found = previous.lower().find(thing.lower()) if len(thing) > 1 else -1
    if found < 0 or len(thing) >= len(previous.rstrip("?.! ")):
        return None
    return previous[found: found + len(thing)]


def resolved(question: str, thing: str, language: str) -> str | None:
    """`question` with its pointing words replaced by `thing`; None where it has none.

    >>> resolved("Who founded it?", "Scale AI", "en")
    'Who founded Scale AI?'
    >>> resolved("Siapa pendirinya?", "Scale AI", "id")
    'Siapa pendiri Scale AI?'
    >>> resolved("Berapa harga sahamnya di sana sebelumnya?", "Jakarta", "id")
    'Berapa harga sahamnya di Jakarta sebelumnya?'
    >>> resolved("Kapan Scale AI didirikan?", "Meta", "id") is None
    True
    """
    lang = LANGUAGES[language]
    text = question
    for word, replacement in lang.pointers:
        text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lambda _m: replacement.format(e=thing), text,
                      flags=re.IGNORECASE)
    if lang.pointer_suffix and text == question:  # no pointing word: the first word pointing by its ending
        def attach(m: re.Match) -> str:
            return f"{m.group(1)} {thing}"
        suffix = re.escape(lang.pointer_suffix)
        for m in re.finditer(rf"\b(\w{{3,}}){suffix}\b", text):
            if m.group(0).lower() not in lang.not_pointers and thing.lower() not in m.group(0).lower():
                text = text[: m.start()] + attach(m) + text[m.end():]
                break
    return text if text != question else None


def rewritten(generator: Generator, question: str, previous: str, language: str) -> str | None:
    """`question` rewritten whole by the generator (few-shot), or None where the rewrite is unusable
    (see `usable`)."""
    opening = instructions(language)
    generator.prime([opening])
    messages = opening + [{"role": "user", "content": _turn(language, previous, question)}]
    reply = "".join(generator.stream(messages, MAX_TOKENS))
    return usable(reply, question, previous, language)


def _content(text: str, language: str) -> set[str]:
    lang = LANGUAGES[language]
    words = {w[:-3] if language == "id" and w.endswith("nya") and len(w) > 5 else w
             for w in re.findall(r"\w+", text.lower())}
    return {w for w in words if len(w) > 2 and w not in lang.stopwords and w not in lang.followup_words}


def usable(reply: str, question: str, previous: str, language: str) -> str | None:
    """The reply's first line as a question, when it keeps at least half the follow-up's content words,
    is not the earlier question itself and is not longer than the two questions together.

    >>> usable("Who founded Scale AI?", "Who founded it?", "What share of Scale AI did Meta buy?", "en")
    'Who founded Scale AI?'
    >>> usable("Scale AI was founded by Alexandr Wang.", "Who founded it?", "Tell me about Scale AI.", "en") is None
    True
    >>> usable("Siapa pendiri Scale AI?", "Siapa pendirinya?", "Ceritakan tentang Scale AI.", "id")
    'Siapa pendiri Scale AI?'
    """
    lines = [ln.strip() for ln in reply.strip().splitlines() if ln.strip()]
    if not lines:
        return None
    text = re.sub(rf"^(?:{re.escape(LANGUAGES[language].question_label)}\s*:\s*)", "", lines[0]).strip(" \"'")
    own = _content(question, language)
    kept = own & _content(text, language)
    if not text or (own and len(kept) < len(own) / 2) or len(text) > len(question) + len(previous) + 20:
        return None
    if text.rstrip("?. ").lower() in (previous.rstrip("?. ").lower(), question.rstrip("?. ").lower()):
        return None  # the earlier question, or the follow-up unchanged
    if question.rstrip().endswith("?") and not text.endswith("?"):
        return None
    return text
