"""Sentence windows: the sentences of the retrieved paragraphs that best match the question.

Prompt tokens dominate answer time on a CPU (~70 prompt tokens/s with the 1.5B here), and three
whole paragraphs are 300-400 tokens. With `context = "sentences"` the prompt holds only the
`context_sentences` sentences (over all hits) most similar to the question by the embedder,
always including the best one of the top hit, each paragraph's in their original order and still
labelled with its paragraph number. Sentence vectors are computed on first use and kept.
"""
from __future__ import annotations

import re

import numpy as np

from ..indexing.embedders import Embedder
from ..types import Hit

_SPLIT = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“‘(•\-–]?\s?[A-Z0-9])|\n+")
_GAP = " … "


def sentences(text: str) -> list[str]:
    """`text` split into sentences (and lines: bullets stay apart).

    >>> sentences("Meta membeli 49%. Ini penting! • Amazon: Anthropic")
    ['Meta membeli 49%.', 'Ini penting!', '• Amazon: Anthropic']
    """
    parts = [p.strip() for p in _SPLIT.split(text)]
    return [p for p in parts if p] or [text]


class Windows:
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._vectors: dict[tuple[int, str], np.ndarray] = {}

    def _sentence_vectors(self, hit: Hit) -> tuple[list[str], np.ndarray]:
        p = hit.paragraph
        parts = sentences(p.text)
        key = (p.number, p.text)
        if key not in self._vectors:
            context = f"{p.section}\n" if p.section and not p.is_heading else ""
            self._vectors[key] = self.embedder.passages([context + s for s in parts])
        return parts, self._vectors[key]

    def scored(self, question: str, hits: list[Hit]) -> list[tuple[str, float]]:
        """Every sentence of the hits with its cosine similarity to `question`."""
        if not hits:
            return []
        qv = self.embedder.queries([question])[0]
        out = []
        for hit in hits:
            parts, vectors = self._sentence_vectors(hit)
            out += [(part, float(v @ qv)) for part, v in zip(parts, vectors)]
        return out

    def texts(self, question: str, hits: list[Hit], budget: int) -> dict[int, str]:
        """Per hit's paragraph number, the text to show: its chosen sentences joined with " … "
        (paragraphs with none chosen are left out)."""
        if not hits:
            return {}
        qv = self.embedder.queries([question])[0]
        scored: list[tuple[float, int, int]] = []  # (similarity, hit index, sentence index)
        split: list[list[str]] = []
        for h_i, hit in enumerate(hits):
            parts, vectors = self._sentence_vectors(hit)
            split.append(parts)
            scored += [(float(v @ qv), h_i, s_i) for s_i, v in enumerate(vectors)]
        best_top = max((s for s in scored if s[1] == 0), key=lambda s: s[0])
        chosen = {best_top[1:]}
        for _, h_i, s_i in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
            if len(chosen) >= budget:
                break
            chosen.add((h_i, s_i))
        out: dict[int, str] = {}
        for h_i, hit in enumerate(hits):
            picked = sorted(s_i for h, s_i in chosen if h == h_i)
            if picked:
                out[hit.paragraph.number] = _join(split[h_i], picked)
        return out


def _join(parts: list[str], picked: list[int]) -> str:
    """The picked sentences in order, with " … " where sentences were left out between them."""
    text = ("…" + " " if picked[0] > 0 else "")
    for n, i in enumerate(picked):
        if n and i != picked[n - 1] + 1:
            text += _GAP.lstrip()
        text += parts[i] + " "
    return (text.rstrip() + (" …" if picked[-1] < len(parts) - 1 else "")).strip()
