"""Does the passage state what the question asks, or only something near it?

The adversarial case (SQuAD 2.0's): the passages are about the question's subject and hold a
plausible answer, but not the one asked for: a share where a dollar amount is asked, a player where
the coach is, a year the passage does not cover, a ranking it never states. These checks look at the
sentence the answer came from (its evidence) and at the question, and give signals in 0..1 that the
answerability model weighs (`rag.answer.decide`); 1 means "nothing against it".
"""
from __future__ import annotations

import re

from ..search.context import sentences
from ..search.lexical import analyse, words
from ..texts import LANGUAGES, UNIT_ASKS, UNITS
from ..types import Hit
from . import support, units

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def evidence(answer: str, hits: list[Hit]) -> tuple[str, Hit] | None:
    """The sentence of the hits (with its neighbours) holding most of the answer's distinctive words
    (at least half of them), and its hit; None when no sentence does."""
    new = support.distinctive(answer)
    best, best_n = None, 0
    for hit in hits:
        parts = sentences(hit.paragraph.text)
        for i, part in enumerate(parts):
            n = len(new & set(words(part)))
            if n > best_n:
                best, best_n = (" ".join(parts[max(0, i - 1): i + 2]), hit), n
    return best if new and 2 * best_n >= len(new) else None


def asked_unit(question: str, language: str) -> str | None:
    """The kind of number the question asks for ("money", "percent", ...), from the words right after
    its "berapa" / "how many" / "how much"; None when it asks for no particular unit.

    >>> asked_unit("Berapa dolar yang dibayar Meta?", "id"), asked_unit("How much did Meta pay for it?", "en")
    ('money', 'money')
    >>> asked_unit("Berapa persen saham yang dibeli?", "id"), asked_unit("Siapa pendirinya?", "id")
    ('percent', None)
    """
    tokens, lang = words(question), LANGUAGES[language]
    found = units.phrase_at(tokens, lang.asks_kind)
    if found is None:
        return None
    start, end = found
    if " ".join(tokens[start:end]) in lang.asks_share:
        return "percent"
    after = tokens[end:end + 4]
    return next((kind for kind in UNITS if any(w in UNITS[kind] or w in UNIT_ASKS.get(kind, ()) for w in after)), None)


def _units_near_numbers(text: str) -> set[str]:
    """The unit kinds written right before or after a number in `text` ("Rp 5 miliar", "49%", "12 orang")."""
    toks = units.TOKEN.findall(text.lower())
    near = {toks[j] for j in units.beside_numbers(toks)}
    return {kind for kind, spellings in UNITS.items() if near & spellings}


def unit_match(question: str, answer: str, language: str, source: str) -> float:
    """0 when the question asks a number of one kind (dollars, people, kilometres) and neither the
    answer nor its evidence (`source`) writes a number of that kind; else 1.

    >>> unit_match("How many dollars did Meta pay?", "Meta paid 49% [2].", "en", "Meta membeli 49% saham.")
    0.0
    >>> unit_match("Berapa orang tewas?", "12 [3].", "id", "Sebanyak 12 orang tewas.")
    1.0
    """
    kind = asked_unit(question, language)
    if kind is None:
        return 1.0
    body = support.MARKER.sub(" ", answer)
    numbers = support.numbers(body, spelled=True)
    if kind in _units_near_numbers(body):
        return 1.0
    if not numbers:
        return 0.0
    # the answer's number, written in the evidence with a unit of the kind asked
    for sentence in sentences(source):
        if numbers & support.numbers(sentence, spelled=True) and kind in _units_near_numbers(sentence):
            return 1.0
    return 0.0


def asked_in_sentence(question: str, language: str, found: tuple[str, Hit] | None) -> float:
    """Share of the question's distinctive words (stemmed) in the answer's evidence sentence; across
    languages, of its names and numbers (other words are translated). 0 with no evidence sentence."""
    if found is None:
        return 0.0
    sentence, hit = found
    if hit.paragraph.language != language:
        wanted = support.names(question)
        have = set(words(sentence))
        return sum(w in have for w in wanted) / len(wanted) if wanted else 1.0
    wanted = {analyse(w, language)[0] for w in support.distinctive(question)}
    have = set(analyse(sentence, language))
    return sum(w in have for w in wanted) / len(wanted) if wanted else 1.0


def comparison_match(question: str, language: str, found: tuple[str, Hit] | None) -> float:
    """0 when the question asks for a comparison or superlative ("terbesar", "second", "more than") and
    the evidence sentence states none, in its own language; else 1."""
    if not set(words(question)) & LANGUAGES[language].compares:
        return 1.0
    if found is None:
        return 0.0
    sentence, hit = found
    compares = LANGUAGES.get(hit.paragraph.language, LANGUAGES[language]).compares
    return float(bool(set(words(sentence)) & compares))


def time_match(question: str, language: str, found: tuple[str, Hit] | None) -> float:
    """0 when the question names a year, or asks about the present ("saat ini", "now"), and the
    answer's passage names neither that year nor the present; else 1."""
    years = set(_YEAR.findall(question))
    text = f" {' '.join(words(question))} "
    now = any(f" {w} " in text for w in LANGUAGES[language].now_words)
    if not years and not now:
        return 1.0
    if found is None:
        return 0.0
    passage = found[1].paragraph.text
    ok_years = not years or years <= set(_YEAR.findall(passage))
    own = LANGUAGES.get(found[1].paragraph.language, LANGUAGES[language]).now_words
    said = f" {' '.join(words(passage))} "
    ok_now = not now or any(f" {w} " in said for w in own)
    return float(ok_years and ok_now)
