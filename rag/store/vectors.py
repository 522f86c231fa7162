"""Dense search in SQL with pgvector, where the server has it (`CREATE EXTENSION vector` succeeds).

Migration 3 (`SETUP`) creates the extension and an `embedding vector` column beside each paragraph's
float32 bytes, when the server has pgvector and the role may create it; from then on every keep writes
both (rag.store.library), and an HNSW index on the manifest's dimension (inner product: the e5 vectors
are normalised, so it ranks as cosine does) is kept current by PostgreSQL. `dense_search = "pgvector"`
searches it (`nearest`; rag.indexing.sqlindex) instead of each replica holding the vectors in memory.

>>> nearest(db, query_vector, k=20, dim=384, ef=100)                    # doctest: +SKIP
[('0001733...-1a2b3c4d', 4, 0.8731), ...]
"""
from __future__ import annotations

import numpy as np

from ..errors import DatabaseError
from .db import Database, shown

# Run by migration 3, and again by `rag db upgrade` (a server that got pgvector later): never fails for
# want of pgvector or of the right to create it; then the column is simply not there.
SETUP = """
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS vector;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pgvector is on the server, but this role may not create it: %', SQLERRM;
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
        ALTER TABLE paragraphs ADD COLUMN IF NOT EXISTS embedding vector;  -- the vector, as pgvector's type
    END IF;
END $$;
"""
HNSW = "paragraphs_embedding_hnsw"  # + "_<dim>": one index, on the manifest's dimension
M, EF_CONSTRUCTION = 16, 64         # pgvector's defaults
MAX_DIM = 2000                      # pgvector 0.6's HNSW indexes at most 2,000 dimensions (above: exact scan)


def where(dim: int) -> str:
    """The index's predicate, which a search repeats word for word so that the planner uses the index."""
    return f"WHERE vector_dims(embedding) = {int(dim)}"


def literal(vector: np.ndarray) -> str:
    """pgvector's text form; 9 significant digits give back the same float32 exactly.

    >>> literal(np.array([0.1, -2.0], dtype=np.float32))
    '[0.100000001,-2]'
    """
    return "[" + ",".join(map("{:.9g}".format, np.asarray(vector, dtype=np.float32).tolist())) + "]"


def column(cur) -> bool:  # noqa: ANN001 - a psycopg cursor
    """Whether paragraphs have the pgvector column (the server has pgvector and it was created)."""
    return cur.execute("SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'paragraphs'::regclass "
                       "AND attname = 'embedding' AND NOT attisdropped)").fetchone()[0]


def drop_index(cur, keep: str = "") -> None:  # noqa: ANN001
    """Drop the HNSW index (but one named `keep`)."""
    for (name,) in cur.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                               "AND indexname ~ %s", (f"^{HNSW}_[0-9]+$",)).fetchall():
        if name != keep:
            cur.execute(f"DROP INDEX {name}")


def index(cur, dim: int) -> None:  # noqa: ANN001
    """The HNSW index on `dim` (one on another dimension dropped); none past MAX_DIM."""
    name = f"{HNSW}_{int(dim)}"
    drop_index(cur, keep=name)
    if dim <= MAX_DIM:
        # partial: rows of another dimension (deleted by `rag index`, still seen by the build) are never cast
        cur.execute(f"CREATE INDEX IF NOT EXISTS {name} ON paragraphs USING hnsw ((embedding::vector({int(dim)})) "
                    f"vector_ip_ops) WITH (m = {M}, ef_construction = {EF_CONSTRUCTION}) {where(dim)}")


def fill(cur) -> int:  # noqa: ANN001
    """Copy the vectors of paragraphs kept before the column existed into it; returns how many."""
    rows = cur.execute("SELECT document, number, vector FROM paragraphs WHERE embedding IS NULL").fetchall()
    if rows:
        cur.execute("CREATE TEMP TABLE rag_fill (document text, number int, embedding vector) ON COMMIT DROP")
        with cur.copy("COPY rag_fill (document, number, embedding) FROM STDIN") as copy:
            for document, number, vector in rows:
                copy.write_row((document, number, literal(np.frombuffer(vector, dtype="<f4"))))
        cur.execute("UPDATE paragraphs p SET embedding = f.embedding FROM rag_fill f "
                    "WHERE p.document = f.document AND p.number = f.number")
    return len(rows)


def check(db: Database) -> None:
    """DatabaseError saying what to do unless the library can be searched in SQL here."""
    def read(cur) -> tuple[bool, bool, bool, bool]:  # noqa: ANN001
        available, created = cur.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector'), "
            "EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector')").fetchone()
        has = created and column(cur)
        empty = has and cur.execute("SELECT EXISTS (SELECT 1 FROM paragraphs WHERE embedding IS NULL)").fetchone()[0]
        return available, created, has, empty
    available, created, has, unfilled = db.run(read)
    where = f'dense_search = "pgvector", but the PostgreSQL server at {shown(db.url)}'
    if not available:
        raise DatabaseError(f"{where} has no pgvector (CREATE EXTENSION vector is not available there): install "
                            "pgvector on the server (e.g. apt-get install postgresql-16-pgvector, or a managed "
                            'PostgreSQL that offers it) and run `rag db upgrade`, or set dense_search = "memory"')
    if not created:
        raise DatabaseError(f"{where} has pgvector, and it is not created in this database: as a superuser run "
                            "CREATE EXTENSION vector; in it, then `rag db upgrade`")
    if not has or unfilled:
        raise DatabaseError(f"{where} holds vectors kept before pgvector was set up: run `rag db upgrade`")


def nearest(db: Database, query: np.ndarray, k: int, dim: int, ef: int) -> list[tuple[str, int, float]]:
    """The `k` kept paragraphs whose vectors have the highest inner product with `query`, best first,
    as (document, number, score): pgvector's HNSW index with `ef` candidates (an exact scan where the
    planner prefers one)."""
    q, d = literal(query), int(dim)

    def read(cur) -> list[tuple[str, int, float]]:  # noqa: ANN001
        cur.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(int(ef)),))
        return cur.execute(f"SELECT document, number, -(embedding::vector({d}) <#> %(q)s::vector({d})) FROM paragraphs "
                           f"{where(d)} ORDER BY embedding::vector({d}) <#> %(q)s::vector({d}) LIMIT %(k)s",
                           {"q": q, "k": int(k)}).fetchall()
    return db.run(read)


def stored(db: Database, keys: list[tuple[str, int]], dim: int) -> np.ndarray:
    """The float32 vectors of the paragraphs `keys` (document, number), in that order (zeros for one
    removed meanwhile: the replica follows the removal a moment later)."""
    rows = db.all("SELECT k.document, k.number, p.vector FROM unnest(%s::text[], %s::int[]) AS k (document, number) "
                  "JOIN paragraphs p USING (document, number)", ([d for d, _ in keys], [n for _, n in keys]))
    found = {(d, n): np.frombuffer(v, dtype="<f4") for d, n, v in rows}
    gone = np.zeros(dim, dtype=np.float32)
    return np.vstack([found.get(k, gone) for k in keys]).astype(np.float32) if keys else np.zeros((0, dim), np.float32)
