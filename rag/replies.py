"""Reading a model reply: is it an answer, and is it written in the answer language?

A 1.5B model over Indonesian passages sometimes replies with markers only ("[22]."), restates
the question, states a number no passage holds, or copies Indonesian words into an English
answer ("…the term 'siklus hidup pengembangan AI secara penuh'"). These checks find those replies
so that the bot can ask once more or refuse.
"""
from __future__ import annotations

import re

from . import prompt, support
from .texts import LANGUAGES
from .types import Hit

# function words only one of the two languages has ("yang", "dari" / "the", "which")
_ONLY = {code: lang.stopwords - frozenset().union(*(o.stopwords for c, o in LANGUAGES.items() if c != code))
         for code, lang in LANGUAGES.items()}


def checked(reply: str, question: str, hits: list[Hit], language: str) -> str | None:
    """The reply cleaned of stray markers, or None when it is no answer: a refusal, markers
    only ("[22]."), the question restated, or a number that no passage holds (invented)."""
    if prompt.is_refusal(reply, language):
        return None
    text = prompt.clean(reply, {h.paragraph.number for h in hits})
    if prompt.is_bare(text) or support.restates(text, question) or support.invented_numbers(text, question, hits):
        return None
    return text


def foreign_words(answer: str, language: str, question: str = "") -> set[str]:
    """Function words of the other language in `answer` that the question does not use: a sign
    that the model copied the passage instead of answering in `language`.

    >>> sorted(foreign_words("Data is like minyak dari model dasar AI [5].", "en"))
    ['dari']
    >>> foreign_words("Pendiri Scale AI adalah Alexandr Wang [11].", "id")
    set()
    """
    asked = set(re.findall(r"\w+", question.lower()))
    mine = set(re.findall(r"\w+", prompt.MARKER.sub(" ", answer).lower())) - asked
    return {w for code, only in _ONLY.items() if code != language for w in mine & only}
