"""Hybrid retrieval: dense (FAISS inner product) fused with language-aware BM25.

Fusion is a weighted sum: cosine similarity + w * BM25 / max BM25, where w is `lexical_weight`
for paragraphs in the question's language and `lexical_weight * cross_language_factor` for the
others, which BM25 scores only on the question's rare names and numbers (see lexical.py).
Measured on eval/sets/article/questions.jsonl this beats reciprocal rank fusion, which let noisy lexical
ranks displace good dense hits for English questions over the Indonesian article.
"""
from __future__ import annotations

import numpy as np

from ..indexing.embedders import Embedder
from .lexical import Lexical
from ..settings import Settings
from ..types import Hit, Paragraph, Retrieval


class Retriever:
    def __init__(self, paragraphs: list[Paragraph], index: object, embedder: Embedder, settings: Settings) -> None:
        self.paragraphs = paragraphs
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self._lexical: Lexical | None = None
        self._all_headings = all(p.is_heading for p in paragraphs)

    @property
    def lexical(self) -> Lexical:
        if self._lexical is None:
            self._lexical = Lexical(self.paragraphs, self.settings.cross_language_max_df)
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
        # headings are not answers: their words reach the search as the section context of the
        # paragraphs under them, and citing a bare heading would waste a passage slot
        dense = {i: d for i, d in dense.items() if not self.paragraphs[i].is_heading or self._all_headings}
        fused: dict[int, float] = dict(dense) if mode != "bm25" else {}
        known = dict(dense)  # each paragraph's dense score, as far as it is needed
        lex = np.zeros(n, dtype=np.float32)
        if mode in ("bm25", "hybrid"):
            lex, same = self.lexical.scores(question, language)
            top = float(lex.max())
            found = [int(i) for i in _top(lex, c)
                     if lex[i] > 0 and (self._all_headings or not self.paragraphs[i].is_heading)]
            if mode == "hybrid":
                self._dense_scores(found, qv, known)
            for i in found:
                w = 1.0 if mode == "bm25" else s.lexical_weight * (1.0 if same[i] else s.cross_language_factor)
                if i not in fused and mode == "hybrid":
                    fused[i] = known[i]
                fused[i] = fused.get(i, 0.0) + w * float(lex[i]) / top
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        self._dense_scores(best, qv, known)
        hits = [Hit(self.paragraphs[i], fused[i], known[i], float(lex[i])) for i in best]
        return Retrieval(hits, max(dense.values(), default=0.0))

    def _dense_scores(self, ids: list[int], qv: np.ndarray, known: dict[int, float]) -> None:
        """Add the dense scores of `ids` not `known` yet, their vectors fetched in one call (one query
        when they are in the database: rag.indexing.sqlindex)."""
        missing = [i for i in ids if i not in known]
        if missing:
            rows = self.index.reconstruct_batch(np.asarray(missing, dtype=np.int64))
            known.update({i: float(v @ qv[0]) for i, v in zip(missing, rows)})


def close_to_best(hits: list[Hit], gap: float, keep: int = 2) -> list[Hit]:
    """The hits worth the generator's time: the first `keep`, then those whose fused score is
    within `gap` of the best. Each passage costs ~1.3 s of prompt on 2 cores; on the dev split a
    third hit held the answer only when it scored within 0.018 of the first.

    >>> [h.score for h in close_to_best([Hit(None, s) for s in (0.90, 0.89, 0.85, 0.889)], 0.02)]
    [0.9, 0.89, 0.889]
    """
    best = hits[0].score if hits else 0.0
    return hits[:keep] + [h for h in hits[keep:] if best - h.score <= gap]


def _top(scores: np.ndarray, c: int) -> np.ndarray:
    """Indices of the `c` highest scores, best first (ties by index): O(n), not a full sort."""
    if len(scores) > c:
        part = np.argpartition(-scores, c - 1)[:c]
        return part[np.lexsort((part, -scores[part]))]
    return np.argsort(-scores, kind="stable")
