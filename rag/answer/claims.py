"""Claims that need no model: does a sentence of the passages state the answer's amounts and names?

A small generator builds amounts from what it read ("$49 million" from "49%") and gives the most
frequent name as the answer to any "who". These checks read the answer's quantities (a number with
its currency, magnitude or percent sign, or a year) and, for a "who" question, its names, and look
for a sentence of the passages that states each of them with the same currency, magnitude and sign.

>>> from rag.types import Hit, Paragraph
>>> hits = [Hit(Paragraph(2, "a.txt", "", "Meta membeli 49% saham Scale AI senilai 14,3 miliar dolar AS."), 0.9)]
>>> unstated_quantities("Meta paid $49 million [2].", hits)
['$49 million']
>>> unstated_quantities("Meta paid US$14.3 billion for 49% [2].", hits)
[]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..search.context import sentences
from ..search.lexical import words
from ..texts import LANGUAGES, MAGNITUDES
from ..types import Hit
from . import support, units

_TOKEN = re.compile(r"us\$|rp(?=[\s.\d])\.?|\$|%|\d+(?:[.,]\d+)*|[^\W\d_]+")
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_CURRENCIES = {"usd", "idr", "eur"}


@dataclass(frozen=True)
class Quantity:
    """A number as written (`text`), its digits (`value`) and what it carries: a currency, a
    magnitude, a percent sign, or "year" for a bare year."""

    text: str
    value: str
    kinds: frozenset[str]


def quantities(text: str) -> list[Quantity]:
    """The numbers of `text` (markers left out) with the currency, magnitude or percent sign beside
    them; a bare year counts as a quantity of kind "year"; other bare numbers are left out.

    >>> [(q.value, sorted(q.kinds)) for q in quantities("Rp 5 miliar, 49 persen, 2016 and 12 people [3]")]
    [('5', ['1e9', 'idr']), ('49', ['percent']), ('2016', ['year'])]
    """
    clean = support.MARKER.sub(" ", text)
    found = []
    toks = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(clean)]
    for i, (tok, start, end) in enumerate(toks):
        if not tok[0].isdigit():
            continue
        before = toks[i - 1] if i and MAGNITUDES.get(toks[i - 1][0]) in _CURRENCIES else None
        after = []
        for t in toks[i + 1: i + 3]:  # "14,3 miliar dolar", "49%": up to two, not past another number
            if t[0] not in MAGNITUDES:
                break
            after.append(t)
        kinds = {MAGNITUDES[t[0]] for t in ([before] if before else []) + after}
        if not kinds and _YEAR.match(tok):
            kinds = {"year"}
        if kinds:
            lo, hi = (before or (tok, start, end))[1], (after[-1] if after else (tok, start, end))[2]
            found.append(Quantity(clean[lo:hi].strip(), re.sub(r"[.,]", "", tok), frozenset(kinds)))
    return found


def states(sentence: str, quantity: Quantity) -> bool:
    """Does `sentence` write `quantity`'s number with at least its currency, magnitude and sign?"""
    return any(q.value == quantity.value and quantity.kinds <= q.kinds for q in quantities(sentence))


def _sentences(hits: list[Hit]) -> list[tuple[Hit, str]]:
    return [(h, s) for h in hits for s in sentences(h.paragraph.text)]


def unstated_quantities(answer: str, hits: list[Hit], question: str = "") -> list[str]:
    """The answer's quantities (as written) that no sentence of the hits states with the same
    currency, magnitude and sign (a year: the same year), less those the `question` itself states: a
    year the question gives ("in 2005") and the answer repeats is the asker's, not the answer's claim.

    >>> unstated_quantities("Wang was 28 in 2025 [2].", [], "How old was Wang in 2025?")
    []
    """
    said = [s for _, s in _sentences(hits)] + ([question] if question else [])
    return [q.text for q in quantities(answer) if not any(states(s, q) for s in said)]


def new_names(question: str, answer: str) -> set[str]:
    """The answer's names (capitalised words, lower-cased) that the question does not use."""
    return support.names("x " + support.MARKER.sub(" ", answer)) - set(words(question)) - {"x"}


def unstated_names(question: str, answer: str, hits: list[Hit]) -> set[str]:
    """The answer's new names that no single sentence of the hits holds together with one of the
    question's own names or distinctive words: for "who leads the lab?", "Scale AI" in a sentence
    about the deal is not "Scale AI" stated as the lab's head. All of them when no sentence holds
    the answer's names at all."""
    names = new_names(question, answer)
    if not names:
        return set()
    asked = (support.names(question) | support.distinctive(question)) - names
    missing = set(names)
    for _, sentence in _sentences(hits):
        have = set(words(sentence))
        if not asked or asked & have:
            missing -= have
    return missing


def asks_name(question: str, language: str) -> bool:
    """Does the question ask for a name ("siapa", "who")?

    >>> asks_name("Siapa pendiri Scale AI?", "id"), asks_name("How many?", "en")
    (True, False)
    """
    text = f" {' '.join(words(question))} "
    return any(f" {p} " in text for p in LANGUAGES[language].asks_name)


def name_unstated(question: str, answer: str, hits: list[Hit], language: str) -> bool:
    """Does a "who" question get a name that no sentence of the hits states beside what was asked?"""
    return asks_name(question, language) and bool(unstated_names(question, answer, hits))


def unstated(question: str, answer: str, hits: list[Hit], language: str, quantities_: bool, names: bool,
             unit: bool = False) -> bool:
    """Does a refusing claim check (amounts: `quantities_`, who-names: `names`, the unit asked by name:
    `unit`) find the answer unstated?

    The amounts are read against every hit and the question. The who-names only against the hits in
    the question's own language: what was asked is matched by its words, and an English question's
    words are not in an Indonesian sentence (there the check flagged right answers; docs/experiments.md).
    The unit compares the answer with the question only (`units.other_unit`).
    """
    own = [h for h in hits if h.paragraph.language == language]
    return bool((quantities_ and unstated_quantities(answer, hits, question))
                or (names and bool(own) and name_unstated(question, answer, own, language))
                or (unit and units.other_unit(question, answer, language)))


def evidence_hits(answer: str, hits: list[Hit], language: str) -> list[Hit]:
    """The hits with a sentence that states the answer: all of its quantities, and at least half of
    its distinctive words (of its names and numbers when the passage is in another language), the
    best first and those close to it. Empty when none does."""
    body = support.MARKER.sub(" ", answer)
    mine = support.distinctive(body)
    names = {n for n in support.names("x " + body) if not any(c.isdigit() for c in n)} - {"x"}
    digits = support.numbers(body)
    wanted = quantities(answer)
    scored = []
    for hit in hits:
        best = 0.0
        for sentence in sentences(hit.paragraph.text):
            if not all(states(sentence, q) for q in wanted):
                continue
            have = set(words(sentence))
            if hit.paragraph.language == language:
                found, total = len(mine & have), len(mine)
            else:
                found = len(names & have) + len(digits & support.numbers(sentence))
                total = len(names) + len(digits)
            best = max(best, found / total if total else 0.0)
        if best >= 0.5:
            scored.append((best, hit))
    top = max((s for s, _ in scored), default=0.0)
    return [h for s, h in sorted(scored, key=lambda p: -p[0]) if s >= top - 0.25]
