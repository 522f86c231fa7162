"""A folder library copied into the database (`rag library migrate --to URL`), then checked: every kept
document there, by SHA-256, with its paragraph count (rag.cli.migrate also searches a sample of
questions over both).

Each entry keeps its id; its vectors are the folder index's own when that index was made as the
settings say (the same embedder and chunking), else embedded again. Who kept it is read from the audit
log. Safe to run again: a document there already (by SHA-256) is not copied twice.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..documents.corpus import read_source, split
from ..documents.library import Library, source_files, unique
from ..errors import IndexStateError
from ..settings import Settings
from ..store import library as tables
from ..store import rows
from ..types import Paragraph
from .dblibrary import DbLibrary, shape
from .embedders import Embedder
from .indexer import embed_all, embed_texts
from .store import Stored, read


@dataclass(frozen=True)
class Migrated:
    documents: int        # kept in the folder
    documents_new: int    # of them, copied now (the rest were there)
    paragraphs: int       # theirs, in the folder's index or split again
    vectors_reused: int   # paragraphs whose vector came from the folder's index


def migrate(folder: Library, base: Settings, database: DbLibrary, embedder: Embedder,
            kept_by: dict[str, str] | None = None) -> Migrated:
    """Copy `folder`'s kept documents into `database` and count them there; IndexStateError when one is
    missing or has another paragraph count afterwards. `kept_by`: entry id -> who kept it (the audit log's)."""
    entries, who = folder.entries(), kept_by or {}
    there = {e.sha256 for e in database.entries()}
    index = _folder_index(folder, base, embedder)
    reserved = {f.name for f in source_files(base)}
    new, counts, reused = 0, {}, 0
    for e in entries:
        src = read_source(e.path, base.max_document_bytes, name=e.name)
        paragraphs = split(src)
        counts[e.name] = (src.sha256, len(paragraphs))
        if src.sha256 in there:
            continue
        vectors = _vectors(index, paragraphs)
        reused += 0 if vectors is None else len(paragraphs)
        if vectors is None:
            vectors = embed_all(embedder, embed_texts(base, paragraphs), False)
        doc = rows.NewDocument(e.id, e.name, src.sha256, e.path.read_bytes(), tuple(paragraphs), vectors)
        new += len(tables.keep(database.db, [doc], who.get(e.id, "(migrated)"), shape(base, embedder), unique, reserved))
    held = {k.sha256: k.paragraphs for k in rows.listing(database.db)[1]}
    wrong = sorted(name for name, (sha, n) in counts.items() if held.get(sha) != n)
    if wrong:
        raise IndexStateError(f"after the copy the database lacks or miscounts {len(wrong)} document(s) of the folder "
                              f"library: {', '.join(wrong[:5])}; run again, or check the database's log")
    return Migrated(len(entries), new, sum(n for _, n in counts.values()), reused)


def _folder_index(folder: Library, base: Settings, embedder: Embedder) -> Stored | None:
    """The folder library's index when it was made as `base` says (its vectors can be reused)."""
    try:
        stored = read(folder.index_dir)
    except IndexStateError:
        return None
    m = stored.manifest
    return stored if (m.embedder, m.dim, m.chunking) == (embedder.name, embedder.dim, shape(base, embedder).chunking) else None


def _vectors(index: Stored | None, paragraphs: list[Paragraph]) -> np.ndarray | None:
    """`paragraphs`' vectors from the folder's index: the same source, sections and texts in order."""
    if index is None or not paragraphs:
        return None
    at = [i for i, p in enumerate(index.paragraphs) if p.source == paragraphs[0].source]
    if [replace(index.paragraphs[i], number=0) for i in at] != [replace(p, number=0) for p in paragraphs]:
        return None
    return np.vstack([index.index.reconstruct(i) for i in at]).astype(np.float32)
