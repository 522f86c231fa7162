"""A session's own files added to an index held in memory, as when the library is in PostgreSQL.

Without a database a session's uploads are indexed with the sources into a folder of their own
(`indexer.extend`). With one, the index a process answers from is the sources' followed by the kept
documents, made in memory (`memory`): a session's files are read, split and embedded, then added after
them to a copy of that index. Nothing is written, nothing is kept for other sessions (keeping is the
library's job), and the process's own index stays as it is.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np

from ..documents.corpus import read_source, split
from ..errors import DocumentError
from ..settings import Settings
from ..types import Paragraph
from .embedders import Embedder
from .indexer import Progress, embed_all, embed_texts, unseen


def appended(settings: Settings, paragraphs: list[Paragraph], index: object, embedder: Embedder, files: list[Path],
             known: set[str], progress: Progress | None = None) -> tuple[list[Paragraph], object, list[Path]] | None:
    """`paragraphs` and a copy of `index` with the `files` not among `known` (SHA-256 of the documents
    there) after them, and the files added; None when none is new. Every file is read first: a bad one,
    or a name the index has, raises DocumentError before anything is embedded."""
    read = [(Path(f), read_source(Path(f), settings.max_document_bytes)) for f in files]
    added = [(path, split(source)) for path, source in unseen(read, known, {p.source for p in paragraphs})]
    if not added:
        return None
    if not hasattr(index, "ntotal"):  # dense_search = "pgvector": the kept vectors are not in memory here
        raise DocumentError("files added for one session are not searched with dense_search = \"pgvector\": "
                            "keep them in the library instead (rag library add, or the UI's library)")
    new = [p for _, split_ in added for p in split_]
    vectors = np.ascontiguousarray(embed_all(embedder, embed_texts(settings, new), False, progress), dtype=np.float32)
    out = list(paragraphs)
    for _, split_ in added:
        out += [dataclasses.replace(p, number=len(out) + p.number) for p in split_]
    import faiss

    grown = faiss.clone_index(index)  # the one in use is searched meanwhile: never changed
    grown.add(vectors)
    return out, grown, [path for path, _ in added]
