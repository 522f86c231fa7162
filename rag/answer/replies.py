"""Reading a model reply: is it an answer, and is it written in the answer language?

A 1.5B model over Indonesian passages sometimes replies with markers only ("[22]."), restates
the question, states a number no passage holds, or copies Indonesian words into an English
answer ("…the term 'siklus hidup pengembangan AI secara penuh'"). These checks find those replies
so that the bot can ask once more (`second_try`) or refuse.
"""
from __future__ import annotations

import re
from typing import Callable

from . import prompt, support
from ..search.lexical import derived_id
from ..texts import LANGUAGES
from ..types import Hit

# function words only one of the two languages has ("yang", "dari" / "the", "which")
_ONLY = {code: lang.stopwords - frozenset().union(*(o.stopwords for c, o in LANGUAGES.items() if c != code))
         for code, lang in LANGUAGES.items()}


def checked(reply: str, question: str, hits: list[Hit], language: str, example: str = "") -> str | None:
    """The reply cleaned of stray markers, or None when it is no answer: a refusal, markers
    only ("[22]."), the question restated, a number that no passage holds (invented), or words of
    the prompt's worked `example` that no passage holds (its made-up answer, leaked)."""
    if prompt.is_refusal(reply, language):
        return None
    text = prompt.clean(reply, {h.paragraph.number for h in hits})
    if prompt.is_bare(text) or support.restates(text, question) or support.invented_numbers(text, question, hits):
        return None
    if example and support.leaked(text, example, question, hits):
        return None
    return text


def foreign_words(answer: str, language: str, question: str = "") -> set[str]:
    """Words of the other language in `answer` that the question does not use: a sign that the
    model copied the passage instead of answering in `language`. They are function words only
    one language has ("dari", "the") and, in an English answer, Indonesian roots with Indonesian
    affixes ("pemantauan", "pekerjaan"; `lexical.derived_id`).

    >>> sorted(foreign_words("Data is like minyak dari model dasar AI [5].", "en"))
    ['dari']
    >>> sorted(foreign_words("The last stage is pemantauan [24].", "en"))
    ['pemantauan']
    >>> foreign_words("Pendiri Scale AI adalah Alexandr Wang [11].", "id")
    set()
    """
    asked = set(re.findall(r"\w+", question.lower()))
    mine = set(re.findall(r"\w+", prompt.MARKER.sub(" ", answer).lower())) - asked
    found = {w for code, only in _ONLY.items() if code != language for w in mine & only}
    if language == "en":
        found |= {w for w in mine if derived_id(w)}
    return found


Messages = list[dict[str, str]]


def second_try(generate: Callable[[Messages, str], str], messages: Messages, raw: str, text: str | None,
               question: str, hits: list[Hit], language: str, example: str = "", retry: bool = True) -> str | None:
    """One more generation (by `generate(messages, kind)`, kind "retry" or "translate"), or None to
    keep `text` (`raw` checked): a reply that
    said nothing new ("[22].", the question restated) is asked again in the conversation
    `messages`; an answer with words of the other language is translated on its own (asked to
    rewrite it in the same conversation, the 1.5B repeats itself), and the translation is kept
    when it has fewer such words. Its markers do not matter: the caller cites by the answer
    before translation and rewrites the markers. `retry` False: a reply that said nothing new stays None."""
    lang = LANGUAGES[language]
    if text is None and retry and not prompt.is_refusal(raw, language):
        turn = messages + [{"role": "assistant", "content": raw}, {"role": "user", "content": lang.retry}]
        return checked(generate(turn, "retry"), question, hits, language, example)
    copied = len(foreign_words(text, language, question)) if text is not None else 0
    if text is None or not copied:
        return None
    again = checked(generate([{"role": "system", "content": lang.rewrite}, {"role": "user", "content": text}],
                             "translate"), question, hits, language, example)
    if again is None or len(foreign_words(again, language, question)) >= copied:
        return None
    return again
