"""Is the answer's number in the unit the question asks for?

Asked "how many feet tall is it?" over a passage that gives metres, a small generator answers "315
meter": the passage's number in the passage's unit, which is not what was asked and which the passage
cannot turn into feet. `grounding.unit_match` only compares kinds (a length with a length), so it lets
this through. Here the question's unit is read by name (`MEASURES`: a unit a reader cannot convert
without outside knowledge; metric prefixes count as one), and an answer that writes its numbers in
another unit, and never the one asked, is flagged.

>>> other_unit("Berapa kaki tinggi Anak Krakatau?", "Tingginya 315 meter [2].", "id")
True
>>> other_unit("Berapa meter tinggi Anak Krakatau?", "Sekitar 0,3 km [2].", "id")
False
"""
from __future__ import annotations

import re

from ..texts import CUBIC, LANGUAGES, MEASURES, SQUARE
from . import support

TOKEN = re.compile(r"us\$|\$|%|\d[\d.,]*|[^\W\d_]+")  # a number, a currency sign or a word
_FILLER = frozenset("us u s as amerika serikat american terms of satuan the".split())  # "in US dollars", "dalam dolar AS"
_WINDOW = (2, 3)  # tokens before and after a number that may carry its unit ("Rp 5 miliar", "5 miliar rupiah")
_POWER = ((re.compile(r"\b(km|m|cm)[2²](?!\d)", re.I), r"\1 persegi"), (re.compile(r"\b(m|cm)[3³](?!\d)", re.I), r"\1 kubik"))


def beside_numbers(tokens: list[str]) -> set[int]:
    """The positions of the tokens right before or after a number (`_WINDOW`), where its unit stands."""
    return {j for i, tok in enumerate(tokens) if tok[0].isdigit()
            for j in range(max(0, i - _WINDOW[0]), min(len(tokens), i + _WINDOW[1] + 1)) if j != i}


def phrase_at(tokens: list[str], phrases: tuple[str, ...]) -> tuple[int, int] | None:
    """Where the first of `phrases` (in their order) that `tokens` hold starts and ends; None if none.

    >>> phrase_at(["berapa", "banyak", "kaki"], ("berapa banyak", "berapa"))
    (0, 2)
    """
    for phrase in phrases:
        wanted = phrase.split()
        for start in range(len(tokens) - len(wanted) + 1):
            if tokens[start:start + len(wanted)] == wanted:
                return start, start + len(wanted)
    return None


def _tokens(text: str) -> list[str]:
    text = support.MARKER.sub(" ", text)
    for pattern, words in _POWER:  # "km2" is "km persegi", "m³" "m kubik"
        text = pattern.sub(words, text)
    return [t.lower() for t in TOKEN.findall(text)]


def _measure(tokens: list[str], i: int) -> str | None:
    """The unit `tokens[i]` names, if any; a metric length beside "persegi" / "square" is an area,
    beside "kubik" / "cubic" a volume."""
    name = next((m for m, spellings in MEASURES.items() if tokens[i] in spellings), None)
    beside = set(tokens[max(0, i - 1): i + 2])
    if name == "metric length" and beside & (SQUARE | CUBIC):
        return "metric area" if beside & SQUARE else "metric volume"
    return name


def asked_measure(question: str, language: str) -> str | None:
    """The unit the question asks its number in, by name: the first unit among the four words after
    its "berapa" / "how many" (or in that phrase: "what percentage"), or right after its "dalam" / "in"
    ("in US dollars"); None when it names none.

    >>> asked_measure("How far, in miles, is the port from Jakarta?", "en")
    'mile'
    >>> asked_measure("Berapa harga saham itu?", "id") is None
    True
    """
    lang = LANGUAGES[language]
    tokens = _tokens(question)
    found = phrase_at(tokens, lang.asks_amount)
    if found is not None:
        start, end = found
        for i in range(start, min(end + 4, len(tokens))):
            if (name := _measure(tokens, i)) is not None:
                return name
    for i, tok in enumerate(tokens):
        if tok not in lang.in_unit:
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 2 and tokens[j] in _FILLER:
            j += 1
        if j < len(tokens) and len(tokens[j]) > 2 and (name := _measure(tokens, j)) is not None:
            return name
    return None


def answered_measures(tokens: list[str]) -> set[str]:
    """The units written beside the numbers of an answer's `tokens` ("Rp 5 miliar", "49%", "315 meter")."""
    return {name for j in beside_numbers(tokens) if (name := _measure(tokens, j)) is not None}


def other_unit(question: str, answer: str, language: str) -> bool:
    """Does the question ask a unit by name and the answer write its numbers in others, never in it?

    >>> other_unit("How many dollars did Meta pay?", "Meta paid Rp 5 trillion [2].", "en")
    True
    >>> other_unit("How many dollars did Meta pay?", "US$14.3 billion [2].", "en")
    False
    >>> other_unit("Berapa orang tewas?", "12 [3].", "id")
    False
    """
    asked = asked_measure(question, language)
    if asked is None:
        return False
    tokens = _tokens(answer)
    written = answered_measures(tokens)
    return bool(written) and asked not in written and not set(tokens) & MEASURES[asked]
