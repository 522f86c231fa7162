"""Which retrieved paragraphs an answer used, and whether its numbers are grounded.

Small models often put the wrong number after a right fact, or none at all. Measured on the
eval set (117 answered questions): the model's markers alone cite a paragraph holding the
answer 91 times; markers whose paragraph shares the answer's distinctive words, plus the top
retrieved paragraph when it shares them too (or when nothing else is cited), 104 times.
Cosine similarity of the answer to each passage did not help (93) and was dropped.
"""
from __future__ import annotations

import re

import numpy as np

from ..search.lexical import analyse, words
from .prompt import MARKER
from ..texts import LANGUAGES, NUMBER_WORDS
from ..types import Hit

_STOP = frozenset().union(*(lang.stopwords for lang in LANGUAGES.values()))


def distinctive(text: str) -> set[str]:
    """Words of `text` that identify a fact: not stopwords; long words, numbers, acronyms ("AWS")."""
    clean = MARKER.sub(" ", text)
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", clean)}
    return {w for w in words(clean)
            if w not in _STOP and (len(w) > 3 or w in acronyms or any(c.isdigit() for c in w))}


def overlap(answer: str, hits: list[Hit]) -> np.ndarray:
    """Per hit, the share of the answer's distinctive words that the paragraph contains."""
    mine = distinctive(answer)
    return np.array([len(mine & set(words(h.paragraph.text))) / max(1, len(mine)) for h in hits])


def names(text: str) -> set[str]:
    """Lower-cased names and numbers of `text`: words with a capital letter after the first word,
    and words with a digit; stopwords left out.

    >>> sorted(names("Siapa nama Perdana Menteri Thailand pada 2005?"))
    ['2005', 'menteri', 'perdana', 'thailand']
    """
    toks = re.findall(r"\w+(?:[-.]\w+)*", MARKER.sub(" ", text))
    found = {t.lower() for t in toks[1:] if any(c.isupper() or c.isdigit() for c in t)}
    found |= {t.lower() for t in toks[:1] if any(c.isdigit() for c in t)}
    return found - _STOP


def found_share(wanted: set[str], hits: list[Hit]) -> float:
    """The share of `wanted` words that occur in the hits' texts (1.0 when nothing is wanted)."""
    if not wanted:
        return 1.0
    have = set().union(*(words(h.paragraph.text) for h in hits)) if hits else set()
    return sum(w in have for w in wanted) / len(wanted)


def leaked(answer: str, example: str, question: str, hits: list[Hit]) -> bool:
    """True when the answer uses a name or number of the prompt's worked example that neither the
    question nor any passage has: the example's answer, not the passages' ("Pendiri Beta Labs
    adalah Sari Dewi [23]."). `example` is the example's passages and answer, without labels.

    >>> leaked("Pendiri Beta Labs adalah Sari Dewi [23].", "Beta Labs didirikan oleh Sari Dewi", "Siapa gubernurnya?", [])
    True
    >>> leaked("Answer: Budi [3].", "Sari Dewi", "Siapa gubernurnya?", [])
    False
    """
    grounded = set(words(question)).union(*(words(h.paragraph.text) for h in hits))
    return bool((names("x " + answer) & names("x " + example)) - grounded)


def used(answer: str, cited: list[int], hits: list[Hit]) -> list[Hit]:
    """The hits the answer used: the marked ones that share its words (all marked ones when no
    hit does), then the top hit when it shares them too or nothing else is cited."""
    if not hits:
        return []
    shared = overlap(answer, hits)
    by_number = {h.paragraph.number: i for i, h in enumerate(hits)}
    marked = [hits[by_number[n]] for n in cited
              if n in by_number and (shared.max() == 0 or shared[by_number[n]] > 0)]
    if hits[0] not in marked and (shared[0] > 0 or not marked):
        marked.append(hits[0])
    return marked


def numbers(text: str, spelled: bool = False) -> set[str]:
    """The numbers written in digits in `text` (markers excluded); with `spelled`, also those
    written as words ("sepuluh" -> "10")."""
    clean = MARKER.sub(" ", text.lower())
    found = {n.replace(",", "").replace(".", "") for n in re.findall(r"\d[\d.,]*\d|\d", clean)}
    if spelled:
        found |= {NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", clean) if w in NUMBER_WORDS}
    return found


def invented_numbers(answer: str, question: str, hits: list[Hit]) -> set[str]:
    """Numbers the answer states in digits that neither the question nor any passage holds."""
    grounded = numbers(question, True).union(*(numbers(h.paragraph.text, True) for h in hits))
    return numbers(answer) - grounded


def restates(answer: str, question: str) -> bool:
    """True when the answer only repeats the question: none of its distinctive words is new
    ("Tahun berapa Scale AI didirikan [8]?", "The CEO who approved the deal is Meta [27].").

    >>> restates("Orchestration is part of Scale AI's backend technology [33].",
    ...          "What kind of orchestration is part of Scale AI's backend technology?")
    True
    >>> restates("Pendiri Scale AI adalah Alexandr Wang [11].", "Siapa pendiri Scale AI?")
    False
    """
    mine = distinctive(answer)
    if not mine:
        return False
    asked = set(words(question))
    asked |= {_stem(w) for w in asked}
    return all(w in asked or _stem(w) in asked for w in mine)


def _stem(word: str) -> str:
    return analyse(word, "id")[0] if word else word
