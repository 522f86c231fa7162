"""Which sentence of a cited paragraph best supports an answer (for highlighting; presentation only).

The supporting sentence is the one sharing the most words with the answer, `[n]` markers and
stopwords ignored; numbers and names (capitalised words not at a sentence start) weigh more.

>>> p = "Meta membeli saham. Pendirinya adalah Alexandr Wang, miliarder muda."
>>> start, end = supporting_sentence(p, "Pendiri Scale AI adalah Alexandr Wang [11].")
>>> p[start:end]
'Pendirinya adalah Alexandr Wang, miliarder muda.'
"""
from __future__ import annotations

import re

from rag.texts import LANGUAGES

NAME_WEIGHT = 3.0
STOPWORDS = frozenset().union(*(lang.stopwords for lang in LANGUAGES.values()))
_MARKER = re.compile(r"\[\d+(?:\s*,\s*\d+)*\]")
_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*", re.UNICODE)
_SENTENCE = re.compile(r"\S.*?(?:[.!?…]+[\"'”’)]*(?=\s)|\n|$)", re.S)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line of `text`, trailing whitespace excluded.

    >>> t = "Satu dua. Tiga 4.5 lima!\\n• Enam"
    >>> [t[s:e] for s, e in sentences(t)]
    ['Satu dua.', 'Tiga 4.5 lima!', '• Enam']
    """
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def answer_weights(answer: str) -> dict[str, float]:
    """Lower-cased content words of the answer, each with its weight (names and numbers weigh more).

    >>> answer_weights("In 2014 Google bought DeepMind [36].")
    {'2014': 3.0, 'google': 3.0, 'bought': 1.0, 'deepmind': 3.0}
    """
    weights: dict[str, float] = {}
    text = _MARKER.sub(" ", answer)
    for m in _WORD.finditer(text):
        word, key = m.group(), m.group().lower()
        if key in STOPWORDS:
            continue
        weights[key] = max(NAME_WEIGHT if _is_name(word, _starts_sentence(text, m.start())) else 1.0,
                           weights.get(key, 0.0))
    return weights


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:"


def _is_name(word: str, sentence_start: bool) -> bool:
    """Numbers, words with a capital inside ("DeepMind", "AI"), and capitalised words mid-sentence."""
    if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]):
        return True
    return word[0].isupper() and not sentence_start


def supporting_sentence(paragraph: str, answer: str) -> tuple[int, int] | None:
    """(start, end) of the paragraph's sentence that best supports `answer`; None when none shares a word."""
    weights = answer_weights(answer)
    best: tuple[int, int] | None = None
    best_score = 0.0
    for start, end in sentences(paragraph):
        words = {w.lower() for w in _WORD.findall(paragraph[start:end])}
        score = sum(weights.get(w, 0.0) for w in words)
        if score > best_score:
            best, best_score = (start, end), score
    return best
