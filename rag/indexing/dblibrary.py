"""The library in PostgreSQL (`database_url`): documents kept by any process on any machine, and the index
a process answers from.

Keeping reads, splits and embeds here, then stores the originals, paragraphs and vectors in one
transaction (rag.store.library). A process answers over the sources' own index (`index_dir`, as
without a database) followed by every kept document's paragraphs, numbered after the sources' in the
order they were kept (as the folder library numbers them), in one FAISS index made in memory (or, with
`dense_search = "pgvector"`, the kept ones searched in SQL: rag.indexing.sqlindex). Each document's
rows are fetched once and kept here, so a change costs the new document's rows only.

>>> library = DbLibrary.of(settings)                                     # doctest: +SKIP
>>> library.add(settings, [Path("notes.pdf")], embedder, "sari")         # doctest: +SKIP
[Entry(id='0001733...-1a2b3c4d', name='notes.pdf', path=None, sha256='9f8e...')]
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ..documents.corpus import find_sources, read_source, source_from_bytes, split
from ..documents.library import Entry, new_id, source_files, unique
from ..settings import Settings
from ..store import library as tables
from ..store import rows, vectors
from ..store.db import Database, shown
from ..store.schema import opened
from .embedders import Embedder
from .indexer import Progress, chunking, embed_all, embed_texts, open_index
from . import sqlindex
from .memory import Document, Memory, Rows
from .store import FORMAT_VERSION, Stored

_libraries: dict[str, "DbLibrary"] = {}
_making = threading.Lock()


@dataclass(frozen=True)
class Opened:
    """What a process answers over: its settings, the index in memory, the library's version it holds."""

    settings: Settings
    stored: Stored
    version: int


def shape(settings: Settings, embedder: Embedder) -> rows.Shape:
    return rows.Shape(FORMAT_VERSION, embedder.name, embedder.dim, chunking(settings))


class DbLibrary:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.where = shown(db.url)
        self._rows: dict[str, Rows] = {}  # each kept document's, fetched once
        self._memory = Memory()  # the index made in memory, grown when documents were only added
        self._made: tuple[rows.Shape | None, bool] | None = None  # what the rows fetched were embedded with, in SQL
        self._lock = threading.Lock()

    @classmethod
    def of(cls, settings: Settings) -> "DbLibrary":
        """The library in the database `database_url` names, one per process (DatabaseError: cannot connect,
        or `rag db upgrade` is needed)."""
        with _making:
            if settings.database_url not in _libraries:
                _libraries[settings.database_url] = cls(opened(settings.database_url))
            return _libraries[settings.database_url]

    def version(self) -> int:
        return rows.version(self.db)

    def entries(self) -> list[Entry]:
        """The kept documents, in the order they were kept."""
        return [Entry(k.id, k.name, None, k.sha256) for k in rows.listing(self.db)[1]]

    def add(self, base: Settings, paths: list[Path], embedder: Embedder, kept_by: str,
            callback: Progress | None = None) -> list[Entry]:
        """Keep `paths` (files or folders) in one transaction; the entries added (a document whose content
        is kept already or among the sources is skipped). A document that cannot be read raises
        DocumentError before anything is embedded or stored."""
        files = find_sources([Path(p) for p in paths])
        rows.check(self.db, shape(base, embedder))  # before the work (and again in the transaction)
        read = [(f, read_source(f, base.max_document_bytes)) for f in files]
        sources = [read_source(f, base.max_document_bytes) for f in source_files(base)]
        skip = {s.sha256 for s in sources} | {e.sha256 for e in self.entries()}
        documents = []
        for f, src in read:
            if src.sha256 in skip:
                continue
            skip.add(src.sha256)
            paragraphs = split(src)
            vectors = embed_all(embedder, embed_texts(base, paragraphs), False, callback)
            documents.append(rows.NewDocument(new_id(), src.name, src.sha256, f.read_bytes(), tuple(paragraphs), vectors))
        if not documents:
            return []
        added = tables.keep(self.db, documents, kept_by, shape(base, embedder), unique, {s.name for s in sources})
        return [Entry(d.id, d.name, None, d.sha256) for d in added]

    def remove(self, entry_id: str) -> Entry | None:
        """Stop keeping one document (its paragraphs and vectors go with it); None when there is none."""
        gone = tables.remove(self.db, entry_id)
        return Entry(gone.id, gone.name, None, gone.sha256) if gone else None

    def stale(self, base: Settings, embedder: Embedder) -> str | None:
        """Why the kept documents' vectors do not serve `base` and `embedder` (None: they do, or none kept)."""
        made = rows.shape(self.db)
        return made.mismatch(shape(base, embedder)) if made is not None else None

    def reembed(self, base: Settings, embedder: Embedder, callback: Progress | None = None) -> int:
        """Every kept document split and embedded again from its original bytes as `base` says, stored in
        one transaction (`rag index` after the embedder or chunking changed); the paragraphs written."""
        documents = []
        for k in rows.listing(self.db)[1]:
            data = rows.content(self.db, k.id)
            if data is not None:
                paragraphs = split(source_from_bytes(data, k.name))
                vectors = embed_all(embedder, embed_texts(base, paragraphs), False, callback)
                documents.append(rows.NewDocument(k.id, k.name, k.sha256, data, tuple(paragraphs), vectors))
        return tables.reembed(self.db, documents, shape(base, embedder))

    def open(self, base: Settings, embedder: Embedder, progress: bool = False) -> Opened:
        """The sources' index (built when missing or stale, as without a database) with every kept
        document after it; IndexStateError when the library was embedded otherwise than `base` says."""
        at, kept = rows.listing(self.db)
        made = rows.shape(self.db)
        if kept and made is not None:
            rows.refuse(self.db, made.mismatch(shape(base, embedder)))
        own = open_index(base, embedder, progress=progress)
        sql = base.dense_search == "pgvector"  # the kept vectors searched in SQL, not fetched
        with self._lock:
            if (made, sql) != self._made:  # embedded again (rag index): the rows fetched before are stale
                if sql:
                    vectors.check(self.db)  # DatabaseError: no pgvector there, or `rag db upgrade` needed
                self._rows.clear()
                self._memory.forget()
                self._made = (made, sql)
            missing = [k.id for k in kept if k.id not in self._rows]
            self._rows.update(rows.paragraphs(self.db, missing, {k.id: k.name for k in kept}, embedder.dim, not sql))
            for gone in set(self._rows) - {k.id for k in kept}:
                del self._rows[gone]
            whole = [Document(k.id, k.name, k.sha256, self._rows[k.id]) for k in kept
                     if len(self._rows[k.id][0]) == k.paragraphs]  # one removed meanwhile: left out
            if sql:
                return Opened(base, sqlindex.combine(base, own, whole, self.db, embedder.dim), at)
            return Opened(base, self._memory.combine(base, own, whole), at)

