"""A follow-up made into a question that stands alone, before it is searched, asked and decided.

"Who founded it?" after "What share of Scale AI did Meta buy?" is searched, answered and weighed as
"Who founded Scale AI?". The generator names what the follow-up points back to (copied from the earlier
question); that name and the earlier question's other names each replace the pointing words, giving
the readings the flow chooses among by retrieval (`flow._best_reading`, the question as asked among
them). Where no pointing word fits, the generator rewrites it whole (few-shot), kept only when it keeps
the follow-up's own words; otherwise the flow searches the two questions together.
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


def readings(generator: Generator, question: str, previous: str, language: str) -> list[str]:
    """The ways `question` can stand alone, the generator's first: what it names as the thing pointed back
    to, then each other name in `previous` (a capitalised span), each put in place of the pointing words
    (`resolved`); where none fits, the generator's whole rewrite (`rewritten`); [] where that fails too.
    Which one the documents answer best is the caller's choice ("Who founded it?" after "What share of
    Scale AI did Meta buy?" may be about either)."""
    thing = referent(generator, question, previous, language)
    options = list(dict.fromkeys(([thing] if thing else []) + names(previous, language)))
    found = list(dict.fromkeys(r for r in (resolved(question, o, language) for o in options) if r))
    if found:
        return found
    whole = rewritten(generator, question, previous, language)
    return [whole] if whole else []


def names(text: str, language: str) -> list[str]:
    """The capitalised spans of `text` (names), leaving out its first word where that stands alone or
    asks (a sentence starts with a capital).

    >>> names("What share of Scale AI did Meta buy?", "en")
    ['Scale AI', 'Meta']
    >>> names("Berapa persen saham Scale AI yang dibeli Meta?", "id")
    ['Scale AI', 'Meta']
    >>> names("Tell me about Scale AI.", "en"), names("Scale AI menjual data ke Meta?", "id")
    (['Scale AI'], ['Scale AI', 'Meta'])
    """
    found = []
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        if m.start() == 0 and (len(words) == 1 or words[0].lower() in LANGUAGES[language].keywords):
            words = words[1:]  # a sentence's first word ("Tell me about ...", "Ceritakan ..."), unless a longer name starts there
        name = " ".join(words).rstrip(".-")
        if name:
            found.append(name)
    return found


_NAME = re.compile(r"[A-Z][\w&.-]*(?:\s+(?:[A-Z][\w&.-]*|\d+))*")


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
    >>> resolved("Kapan terjadinya gempa?", "Padang", "id") is None
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
            word = m.group(0).lower()
            if word not in lang.not_pointers and not word.startswith(lang.verb_prefixes) and thing.lower() not in word:
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
