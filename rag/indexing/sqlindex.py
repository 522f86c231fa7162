"""The index a process answers from with `dense_search = "pgvector"`: the sources' own FAISS index in
memory, and the kept documents' vectors searched in PostgreSQL (pgvector's HNSW, rag.store.vectors).
A replica then holds the kept paragraphs' text (BM25 and citing need it), not their vectors.

`SqlIndex` answers the calls the retriever makes of a FAISS index (`search`, `reconstruct_batch`,
`reconstruct`, `ntotal`, `d`), numbering the paragraphs as rag.indexing.memory does: the sources'
first, then each kept document's in the order kept. A paragraph the database returns of a document
this replica does not hold yet (kept a moment ago) is left out until it follows the change.

>>> stored = combine(settings, own, documents, db, ef=100)              # doctest: +SKIP
>>> stored.index.search(embedder.queries(["Siapa pendiri Scale AI?"]), 20)   # doctest: +SKIP
(array([[0.91, 0.88, ...]], dtype=float32), array([[11, 1042, ...]]))
"""
from __future__ import annotations

import bisect
import dataclasses

import numpy as np

from ..settings import Settings
from ..store import vectors
from ..store.db import Database
from .memory import Document
from .store import Stored


class SqlIndex:
    def __init__(self, own: object, db: Database, documents: list[tuple[str, int, int]], dim: int, ef: int) -> None:
        """`own`: the sources' FAISS index; `documents`: (id, first position, paragraphs) of each kept one."""
        self.own, self.db, self.d, self.ef = own, db, dim, ef
        self._first = {doc: first for doc, first, _ in documents}
        self._starts = [first for _, first, _ in documents]
        self._ids = [doc for doc, _, _ in documents]
        self.ntotal = own.ntotal + sum(n for _, _, n in documents)

    @property
    def documents(self) -> list[str]:
        """The kept documents this replica holds, in their order."""
        return list(self._ids)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """FAISS's answer: the `k` best scores and positions per query, -1 where there are fewer."""
        scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        ids = np.full((len(queries), k), -1, dtype=np.int64)
        for row, q in enumerate(queries):
            s, i = self.own.search(q[None, :], min(k, self.own.ntotal)) if self.own.ntotal else ([[]], [[]])
            found = [(float(a), int(b)) for a, b in zip(s[0], i[0]) if b >= 0]
            for doc, number, score in vectors.nearest(self.db, q, k, self.d, self.ef):
                if doc in self._first:
                    found.append((score, self._first[doc] + number - 1))
            best = sorted(found, key=lambda f: (-f[0], f[1]))[:k]
            scores[row, :len(best)] = [f[0] for f in best]
            ids[row, :len(best)] = [f[1] for f in best]
        return scores, ids

    def reconstruct_batch(self, positions: np.ndarray) -> np.ndarray:
        """The vectors at `positions`: the sources' from memory, the kept documents' in one query."""
        out = np.zeros((len(positions), self.d), dtype=np.float32)
        kept: list[tuple[int, tuple[str, int]]] = []
        for row, i in enumerate(int(p) for p in positions):
            if i < self.own.ntotal:
                out[row] = self.own.reconstruct(i)
            else:
                at = bisect.bisect_right(self._starts, i) - 1
                kept.append((row, (self._ids[at], i - self._starts[at] + 1)))
        if kept:
            out[[row for row, _ in kept]] = vectors.stored(self.db, [key for _, key in kept], self.d)
        return out

    def reconstruct(self, i: int) -> np.ndarray:
        return self.reconstruct_batch(np.array([i]))[0]


def combine(base: Settings, own: Stored, documents: list[Document], db: Database, dim: int) -> Stored:
    """`own` (the sources' index) followed by `documents` (their paragraphs; vectors not needed)."""
    paragraphs, where = list(own.paragraphs), []
    for d in documents:
        where.append((d.id, len(paragraphs), len(d.rows[0])))
        paragraphs += [dataclasses.replace(p, number=len(paragraphs) + p.number) for p in d.rows[0]]
    manifest = dataclasses.replace(own.manifest, sources={**own.manifest.sources, **{d.name: d.sha256 for d in documents}},
                                   paragraphs=len(paragraphs))
    return Stored(manifest, paragraphs, SqlIndex(own.index, db, where, dim, base.pgvector_ef_search))
