"""The index a process answers from when the library is in PostgreSQL, made in memory: the sources' own
index followed by each kept document's paragraphs (numbered after the sources', in the order kept, as
the folder library numbers them) and vectors.

When documents were only added since the last one (the common change), the last index is copied and
grown by the new vectors: an HNSW index of 100k paragraphs takes ~45 s to build on 2 cores, adding a
document's ~1 ms. A removal, new sources, or crossing `ann_min_paragraphs` builds it whole.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from ..settings import Settings
from ..types import Paragraph
from .store import Manifest, Stored, make_faiss

Rows = tuple[list[Paragraph], np.ndarray]  # a document's paragraphs (numbered within it) and vectors


@dataclass(frozen=True)
class Document:
    id: str
    name: str
    sha256: str
    rows: Rows


@dataclass(frozen=True)
class _Made:
    ids: tuple[str, ...]
    sources: Manifest
    stored: Stored


class Memory:
    """Combines, remembering the last index made so that the next can grow from it."""

    def __init__(self) -> None:
        self._last: _Made | None = None
        self._sources: tuple[Manifest, np.ndarray] | None = None  # the sources' manifest and vectors

    def combine(self, base: Settings, own: Stored, documents: list[Document]) -> Stored:
        """`own` (the sources' index) followed by `documents`, in their order."""
        ids = tuple(d.id for d in documents)
        total = len(own.paragraphs) + sum(len(d.rows[0]) for d in documents)
        last = self._last
        grows = (last is not None and last.sources == own.manifest and ids[:len(last.ids)] == last.ids
                 and base.index_kind(len(last.stored.paragraphs)) == base.index_kind(total))
        if grows and ids == last.ids:
            return last.stored
        if not documents:
            stored = own
        elif grows:
            stored = self._grown(base, last.stored, documents[len(last.ids):])
        else:
            stored = self._grown(base, dataclasses.replace(own, index=None), documents, self._vectors_of(own))
        self._last = _Made(ids, own.manifest, stored)
        return stored

    def forget(self) -> None:
        """Build the next one whole (the rows were embedded again)."""
        self._last = None

    def _grown(self, base: Settings, start: Stored, added: list[Document], first: np.ndarray | None = None) -> Stored:
        """`start` with `added` after it: its index copied and the new vectors added, or (`first`: the
        vectors of `start`, which has no index) one index made of all."""
        paragraphs = list(start.paragraphs)
        for d in added:
            paragraphs += [dataclasses.replace(p, number=len(paragraphs) + p.number) for p in d.rows[0]]
        new = np.vstack([d.rows[1] for d in added]).astype(np.float32)
        if first is not None:
            index = make_faiss(np.vstack([first, new]), base.index_kind(len(paragraphs)))
        else:
            import faiss

            index = faiss.clone_index(start.index)  # the one in use is searched meanwhile: never changed
            index.add(np.ascontiguousarray(new))
        manifest = dataclasses.replace(start.manifest, sources={**start.manifest.sources, **{d.name: d.sha256 for d in added}},
                                       paragraphs=len(paragraphs))
        return Stored(manifest, paragraphs, index)

    def _vectors_of(self, own: Stored) -> np.ndarray:
        if self._sources is None or self._sources[0] != own.manifest:
            self._sources = (own.manifest, own.index.reconstruct_n(0, own.index.ntotal))
        return self._sources[1]
