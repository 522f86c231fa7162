"""Hybrid retrieval: dense (FAISS inner product) fused with language-aware BM25.

Fusion is weighted reciprocal rank: 1/(k + dense rank) + w/(k + BM25 rank), where w is
`lexical_weight_same_language` for paragraphs in the question's language and
`lexical_weight_cross_language` for the others (which BM25 scores only on names and numbers).
"""
from __future__ import annotations

import numpy as np

from .embedders import Embedder
from .lexical import Lexical
from .settings import Settings
from .types import Hit, Paragraph, Retrieval


class Retriever:
    def __init__(self, paragraphs: list[Paragraph], index: object, embedder: Embedder, settings: Settings) -> None:
        self.paragraphs = paragraphs
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self._lexical: Lexical | None = None

    @property
    def lexical(self) -> Lexical:
        if self._lexical is None:
            self._lexical = Lexical(self.paragraphs)
        return self._lexical

    def search(self, question: str, language: str, k: int | None = None, mode: str | None = None) -> Retrieval:
        """The `k` best paragraphs for `question`, best first, and the best dense similarity."""
        s = self.settings
        k = k or s.top_k
        mode = mode or s.retriever
        n = len(self.paragraphs)
        c = min(max(s.candidates, k), n)
        qv = self.embedder.queries([question])
        scores, ids = self.index.search(qv, c)
        dense = {int(i): float(d) for i, d in zip(ids[0], scores[0]) if i >= 0}
        fused: dict[int, float] = {}
        if mode in ("dense", "hybrid"):
            for rank, i in enumerate(dense):
                fused[i] = 1.0 / (s.rrf_k + rank + 1)
        lex = np.zeros(n, dtype=np.float32)
        if mode in ("bm25", "hybrid"):
            lex, same = self.lexical.scores(question, language)
            order = [int(i) for i in np.argsort(-lex, kind="stable")[:c] if lex[i] > 0]
            for rank, i in enumerate(order):
                w = 1.0 if mode == "bm25" else (
                    s.lexical_weight_same_language if same[i] else s.lexical_weight_cross_language)
                fused[i] = fused.get(i, 0.0) + w / (s.rrf_k + rank + 1)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        hits = [Hit(self.paragraphs[i], fused[i], self._dense_score(i, qv, dense), float(lex[i])) for i in best]
        return Retrieval(hits, max(dense.values(), default=0.0))

    def _dense_score(self, i: int, qv: np.ndarray, known: dict[int, float]) -> float:
        if i in known:
            return known[i]
        return float(self.index.reconstruct(i) @ qv[0])
