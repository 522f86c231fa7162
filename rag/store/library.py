"""The library's tables written: keeping documents, removing one, embedding them all again.

Each change is one transaction: the rows, the version bumped and a NOTIFY on `CHANNEL` (delivered when
it commits), so a kill at any moment leaves all or nothing. Changes take turns under an advisory lock;
the version row is updated last, so a replica reads the version and the documents as one snapshot
(rag.store.rows). Where the database has pgvector (rag.store.vectors), each vector is written in its
column too, and the HNSW index made with the manifest.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

import numpy as np

from . import vectors
from .db import Database
from .rows import DOCUMENT, Kept, NewDocument, Shape, refuse

CHANNEL = "rag_library"
LOCK = 3232_0002  # pg_advisory_xact_lock key of keeps and removes
COPY = "COPY paragraphs (document, number, section, text, is_heading, language, page, vector{}) FROM STDIN"


def keep(db: Database, documents: list[NewDocument], kept_by: str, wanted: Shape,
         rename: Callable[[str, set[str]], str], reserved: set[str]) -> list[NewDocument]:
    """Add `documents` in one transaction; those whose SHA-256 is there already are skipped, a name
    taken (by a document there, or in `reserved`) is made distinct by `rename(name, taken)`. Returns
    those added, as named. IndexStateError (nothing added) when the library was built otherwise."""
    def change(cur) -> list[NewDocument]:  # noqa: ANN001
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
        row = cur.execute("SELECT format_version, embedder, dim, chunking FROM library_manifest").fetchone()
        refuse(db, Shape(*row).mismatch(wanted) if row else None)
        sql = vectors.column(cur)
        if row is None:
            _shape(cur, wanted, sql)
        there = {sha for (sha,) in cur.execute("SELECT sha256 FROM documents").fetchall()}
        taken = reserved | {n for (n,) in cur.execute("SELECT name FROM documents").fetchall()}
        added = []
        for d in (d for d in documents if d.sha256 not in there):
            there.add(d.sha256)
            d = replace(d, name=rename(d.name, taken))
            taken.add(d.name)
            cur.execute("INSERT INTO documents (id, name, sha256, content, kept_by, paragraphs) "
                        "VALUES (%s, %s, %s, %s, %s, %s)", (d.id, d.name, d.sha256, d.content, kept_by, len(d.paragraphs)))
            _write(cur, d, sql)
            added.append(d)
        if added:
            _bump(cur)
        return added
    return db.run(change)


def remove(db: Database, entry_id: str) -> Kept | None:
    """Delete one document with its paragraphs (one transaction); None when there is none of that id."""
    def change(cur) -> Kept | None:  # noqa: ANN001
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
        row = cur.execute(f"DELETE FROM documents WHERE id = %s RETURNING {DOCUMENT}", (entry_id,)).fetchone()
        if row:
            _bump(cur)
        return Kept(*row) if row else None
    return db.run(change)


def reembed(db: Database, documents: list[NewDocument], wanted: Shape) -> int:
    """Replace every kept document's paragraphs and vectors (as `documents`, by id) and the manifest, in
    one transaction; returns the paragraphs written. A document removed meanwhile is left out."""
    def change(cur) -> int:  # noqa: ANN001
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
        sql = vectors.column(cur)
        if sql:
            vectors.drop_index(cur)  # the dimension may change; one index built after is faster than inserts
        cur.execute("DELETE FROM paragraphs")
        there = {i for (i,) in cur.execute("SELECT id FROM documents").fetchall()}
        written = sum(_write(cur, d, sql) for d in documents if d.id in there)
        cur.execute("DELETE FROM library_manifest")
        _shape(cur, wanted, sql)
        _bump(cur)
        return written
    return db.run(change)


def prepare(db: Database) -> tuple[bool, int]:
    """pgvector set up where the server has it (`rag db upgrade`, after the migrations): the extension and
    column (migration 3's SQL, again: the server may have got pgvector since), the vectors kept before
    copied in, the HNSW index made. Returns whether the column is there, and how many vectors were copied."""
    def change(cur) -> tuple[bool, int]:  # noqa: ANN001
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
        cur.execute(vectors.SETUP)
        if not vectors.column(cur):
            return False, 0
        filled = vectors.fill(cur)
        row = cur.execute("SELECT dim FROM library_manifest").fetchone()
        if row:
            vectors.index(cur, row[0])
        return True, filled
    return db.run(change)


def _write(cur, d: NewDocument, sql: bool) -> int:  # noqa: ANN001
    cur.execute("UPDATE documents SET paragraphs = %s WHERE id = %s", (len(d.paragraphs), d.id))
    with cur.copy(COPY.format(", embedding" if sql else "")) as copy:
        for p, v in zip(d.paragraphs, d.vectors):
            row = (d.id, p.number, p.section, p.text, p.is_heading, p.language, p.page,
                   np.ascontiguousarray(v, dtype="<f4").tobytes())
            copy.write_row(row + (vectors.literal(v),) if sql else row)
    return len(d.paragraphs)


def _shape(cur, wanted: Shape, sql: bool) -> None:  # noqa: ANN001
    cur.execute("INSERT INTO library_manifest (format_version, embedder, dim, chunking) VALUES (%s, %s, %s, %s)",
                (wanted.format_version, wanted.embedder, wanted.dim, _json(wanted.chunking)))
    if sql:
        vectors.index(cur, wanted.dim)


def _bump(cur) -> int:  # noqa: ANN001
    """The version one up (the row is locked until commit) and every follower told on commit."""
    at = cur.execute("UPDATE library_state SET version = version + 1 RETURNING version").fetchone()[0]
    cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(at)))
    return at


def _json(value: dict):  # noqa: ANN202 - a psycopg Jsonb
    from psycopg.types.json import Jsonb

    return Jsonb(value)
