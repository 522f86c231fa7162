"""The library's tables read (rag.store.library writes them): the version, the documents, each one's
paragraphs and vectors, and the manifest checked against what the settings ask for.

>>> version(Database("postgresql://rag@127.0.0.1/rag"))          # doctest: +SKIP
3
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import IndexStateError
from ..types import Paragraph
from .db import Database, shown

DOCUMENT = "id, name, sha256, kept_by, to_char(kept_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), paragraphs"


@dataclass(frozen=True)
class Shape:
    """What the vectors were made with (the folder index's manifest, less its sources)."""

    format_version: int
    embedder: str
    dim: int
    chunking: dict

    def mismatch(self, wanted: "Shape") -> str | None:
        if self.format_version != wanted.format_version:
            return f"index format {self.format_version}, this version reads {wanted.format_version}"
        if (self.embedder, self.dim) != (wanted.embedder, wanted.dim):
            return f"built with embedder {self.embedder} ({self.dim}-d), settings ask for {wanted.embedder} ({wanted.dim}-d)"
        if self.chunking != wanted.chunking:
            return f"built with chunking {self.chunking}, settings ask for {wanted.chunking}"
        return None


@dataclass(frozen=True)
class Kept:
    """A document in the database (its paragraphs and vectors apart)."""

    id: str
    name: str
    sha256: str
    kept_by: str
    kept_at: str
    paragraphs: int


@dataclass(frozen=True)
class NewDocument:
    id: str
    name: str
    sha256: str
    content: bytes
    paragraphs: tuple[Paragraph, ...]  # numbered from 1 within the document
    vectors: np.ndarray                # one float32 row per paragraph


def version(db: Database) -> int:
    return db.one("SELECT version FROM library_state")[0]


def listing(db: Database) -> tuple[int, list[Kept]]:
    """The version and the documents at it, in their order (one snapshot)."""
    def read(cur) -> tuple[int, list[Kept]]:  # noqa: ANN001 - a psycopg cursor
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        at = cur.execute("SELECT version FROM library_state").fetchone()[0]
        return at, [Kept(*row) for row in cur.execute(f"SELECT {DOCUMENT} FROM documents ORDER BY seq").fetchall()]
    return db.run(read)


def shape(db: Database) -> Shape | None:
    row = db.one("SELECT format_version, embedder, dim, chunking FROM library_manifest")
    return Shape(*row) if row else None


def check(db: Database, wanted: Shape) -> None:
    """IndexStateError when the library's vectors were made otherwise than `wanted`."""
    there = shape(db)
    refuse(db, there.mismatch(wanted) if there else None)


def refuse(db: Database, why: str | None) -> None:
    if why:
        raise IndexStateError(f"the library in the database at {shown(db.url)} is not usable: {why}. Set the settings "
                              "it was built with, or run `rag index` to embed its documents again")


def paragraphs(db: Database, entry_ids: list[str], name: dict[str, str], dim: int,
               with_vectors: bool = True) -> dict[str, tuple[list[Paragraph], np.ndarray]]:
    """Each document's paragraphs (numbered within it; `name[id]` their source) and vectors (none, an
    array of shape (n, 0), without `with_vectors`: they are searched in SQL)."""
    vector = "vector" if with_vectors else "''::bytea"
    rows = db.all(f"SELECT document, number, section, text, is_heading, language, page, {vector} FROM paragraphs "
                  "WHERE document = ANY(%s) ORDER BY document, number", (list(entry_ids),)) if entry_ids else []
    out: dict[str, tuple[list[Paragraph], list[bytes]]] = {i: ([], []) for i in entry_ids}
    for doc, number, section, text, heading, language, page, vector in rows:
        out[doc][0].append(Paragraph(number, name[doc], section, text, heading, language, page))
        out[doc][1].append(bytes(vector))
    if not with_vectors:
        return {i: (ps, np.zeros((len(ps), 0), dtype=np.float32)) for i, (ps, _) in out.items()}
    return {i: (ps, np.frombuffer(b"".join(vs), dtype="<f4").reshape(-1, dim).astype(np.float32))
            for i, (ps, vs) in out.items()}


def content(db: Database, entry_id: str) -> bytes | None:
    row = db.one("SELECT content FROM documents WHERE id = %s", (entry_id,))
    return bytes(row[0]) if row else None


