"""The library's tables (documents, paragraphs with their vectors, the manifest, the version) in SQL.

Keeping documents is one transaction: the documents, their paragraphs and vectors, the version bumped
and a NOTIFY on `CHANNEL` (delivered when it commits), so a kill at any moment leaves all or nothing.
Keeps and removes take turns under an advisory lock; the version row is updated last, so a replica
reads the version and the documents as one snapshot.

>>> version(Database("postgresql://rag@127.0.0.1/rag"))          # doctest: +SKIP
3
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from ..errors import IndexStateError
from ..types import Paragraph
from .db import Database, shown

CHANNEL = "rag_library"
LOCK = 3232_0002  # pg_advisory_xact_lock key of keeps and removes
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
    _refuse(db, there.mismatch(wanted) if there else None)


def keep(db: Database, documents: list[NewDocument], kept_by: str, wanted: Shape,
         rename: Callable[[str, set[str]], str], reserved: set[str]) -> list[NewDocument]:
    """Add `documents` in one transaction; those whose SHA-256 is there already are skipped, a name
    taken (by a document there, or in `reserved`) is made distinct by `rename(name, taken)`. Returns
    those added, as named. IndexStateError (nothing added) when the library was built otherwise."""
    def change(cur) -> list[NewDocument]:  # noqa: ANN001
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
        row = cur.execute("SELECT format_version, embedder, dim, chunking FROM library_manifest").fetchone()
        _refuse(db, Shape(*row).mismatch(wanted) if row else None)
        if row is None:
            cur.execute("INSERT INTO library_manifest (format_version, embedder, dim, chunking) VALUES (%s, %s, %s, %s)",
                        (wanted.format_version, wanted.embedder, wanted.dim, _json(wanted.chunking)))
        there = {sha for (sha,) in cur.execute("SELECT sha256 FROM documents").fetchall()}
        taken = reserved | {n for (n,) in cur.execute("SELECT name FROM documents").fetchall()}
        added = []
        for d in (d for d in documents if d.sha256 not in there):
            there.add(d.sha256)
            d = replace(d, name=rename(d.name, taken))
            taken.add(d.name)
            cur.execute("INSERT INTO documents (id, name, sha256, content, kept_by, paragraphs) "
                        "VALUES (%s, %s, %s, %s, %s, %s)", (d.id, d.name, d.sha256, d.content, kept_by, len(d.paragraphs)))
            with cur.copy("COPY paragraphs (document, number, section, text, is_heading, language, page, vector) "
                          "FROM STDIN") as copy:
                for p, v in zip(d.paragraphs, d.vectors):
                    copy.write_row((d.id, p.number, p.section, p.text, p.is_heading, p.language, p.page,
                                    np.ascontiguousarray(v, dtype="<f4").tobytes()))
            added.append(d)
        if added:
            _bump(cur)
        return added
    return db.run(change)


def _refuse(db: Database, why: str | None) -> None:
    if why:
        raise IndexStateError(f"the library in the database at {shown(db.url)} is not usable: {why}. Set the settings "
                              "it was built with, or run `rag index` to embed its documents again")


def remove(db: Database, entry_id: str) -> Kept | None:
    """Delete one document with its paragraphs (one transaction); None when there is none of that id."""
    def change(cur) -> Kept | None:  # noqa: ANN001
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
        row = cur.execute(f"DELETE FROM documents WHERE id = %s RETURNING {DOCUMENT}", (entry_id,)).fetchone()
        if row:
            _bump(cur)
        return Kept(*row) if row else None
    return db.run(change)


def paragraphs(db: Database, entry_ids: list[str], name: dict[str, str], dim: int) -> dict[str, tuple[list[Paragraph], np.ndarray]]:
    """Each document's paragraphs (numbered within it; `name[id]` their source) and vectors."""
    rows = db.all("SELECT document, number, section, text, is_heading, language, page, vector FROM paragraphs "
                  "WHERE document = ANY(%s) ORDER BY document, number", (list(entry_ids),)) if entry_ids else []
    out: dict[str, tuple[list[Paragraph], list[bytes]]] = {i: ([], []) for i in entry_ids}
    for doc, number, section, text, heading, language, page, vector in rows:
        out[doc][0].append(Paragraph(number, name[doc], section, text, heading, language, page))
        out[doc][1].append(bytes(vector))
    return {i: (ps, np.frombuffer(b"".join(vs), dtype="<f4").reshape(-1, dim).astype(np.float32))
            for i, (ps, vs) in out.items()}


def content(db: Database, entry_id: str) -> bytes | None:
    row = db.one("SELECT content FROM documents WHERE id = %s", (entry_id,))
    return bytes(row[0]) if row else None


def _bump(cur) -> int:  # noqa: ANN001
    """The version one up (the row is locked until commit) and every follower told on commit."""
    at = cur.execute("UPDATE library_state SET version = version + 1 RETURNING version").fetchone()[0]
    cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(at)))
    return at


def _json(value: dict):  # noqa: ANN202 - a psycopg Jsonb
    from psycopg.types.json import Jsonb

    return Jsonb(value)
