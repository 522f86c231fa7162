"""Which retrieved paragraphs support an answer: a check on the model's [n] markers.

Small models often put the wrong number after a right fact. Each hit is scored by how well it
supports the answer text: cosine similarity of the answer (embedded as a query) to the
paragraph, plus the share of the answer's distinctive words (names, numbers, loanwords) that the
paragraph contains. Markers are kept when their paragraph is about as supportive as the best
hit; otherwise the best-supported hit is cited instead.
"""
from __future__ import annotations

import re

import numpy as np

from .embedders import Embedder
from .lexical import words
from .texts import LANGUAGES, NUMBER_WORDS
from .types import Hit

_STOP = frozenset().union(*(lang.stopwords for lang in LANGUAGES.values()))


def distinctive(text: str) -> set[str]:
    """Words of `text` that identify a fact: not stopwords, and names, numbers or long words."""
    clean = re.sub(r"\[\d[\d,\s]*\]", " ", text)
    return {w for w in words(clean) if w not in _STOP and (len(w) > 3 or any(c.isdigit() for c in w))}


def numbers(text: str, spelled: bool = False) -> set[str]:
    """The numbers written in digits in `text` (markers excluded); with `spelled`, also those
    written as words ("sepuluh" -> "10")."""
    clean = re.sub(r"\[\d[\d,\s]*\]", " ", text.lower())
    found = {n.replace(",", "").replace(".", "") for n in re.findall(r"\d[\d.,]*\d|\d", clean)}
    if spelled:
        found |= {NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", clean) if w in NUMBER_WORDS}
    return found


def invented_numbers(answer: str, question: str, hits: list[Hit]) -> set[str]:
    """Numbers the answer states in digits that neither the question nor any passage holds."""
    grounded = numbers(question, True).union(*(numbers(h.paragraph.text, True) for h in hits))
    return numbers(answer) - grounded


def scores(answer: str, hits: list[Hit], vectors: np.ndarray, embedder: Embedder) -> np.ndarray:
    """One support score per hit (`vectors`: the hits' passage vectors, in order):
    cosine(answer, paragraph) + half the share of the answer's distinctive words it contains."""
    if not hits:
        return np.zeros(0, dtype=np.float32)
    cos = vectors @ embedder.queries([answer])[0]
    mine = distinctive(answer)
    overlap = np.array([len(mine & set(words(h.paragraph.text))) / max(1, len(mine)) for h in hits])
    return cos + 0.5 * overlap


def choose(cited: list[int], hits: list[Hit], support: np.ndarray, margin: float = 0.05) -> list[Hit]:
    """The cited hits that hold up, or the best-supported hit when none does."""
    by_number = {h.paragraph.number: (h, float(s)) for h, s in zip(hits, support)}
    best = float(support.max()) if len(support) else 0.0
    kept = [by_number[n][0] for n in cited if n in by_number and by_number[n][1] >= best - margin]
    if kept or not hits:
        return kept
    return [hits[int(np.argmax(support))]]
