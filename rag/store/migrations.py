"""The schema's versioned migrations, oldest first: each is applied once, in its own transaction, by
`rag db upgrade` (rag.store.schema), and recorded in `schema_version`. Never edit one that has shipped:
add the next version."""
from __future__ import annotations

from dataclasses import dataclass

from .vectors import SETUP as PGVECTOR


@dataclass(frozen=True)
class Migration:
    version: int
    title: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "accounts, API keys, the audit log and failed logins", """
        CREATE TABLE users (
            name     text PRIMARY KEY,
            role     text NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
            password text NOT NULL,                       -- an argon2id hash
            created  timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE api_keys (
            id      bigserial PRIMARY KEY,
            sha256  text NOT NULL UNIQUE,                 -- the key's SHA-256; the key itself is never stored
            name    text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
            created timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX api_keys_name ON api_keys (name);
        CREATE TABLE audit (
            id       bigserial PRIMARY KEY,
            time     timestamptz NOT NULL DEFAULT now(),
            "user"   text NOT NULL,
            via      text NOT NULL,
            action   text NOT NULL,
            entry    text NOT NULL,
            document text NOT NULL,
            sha256   text NOT NULL
        );
        CREATE TABLE login_failures (
            key text NOT NULL,                            -- 'name:NAME' or 'addr:ADDRESS'
            at  timestamptz NOT NULL DEFAULT clock_timestamp()
        );
        CREATE INDEX login_failures_key_at ON login_failures (key, at);
    """),
    Migration(2, "the library: documents, paragraphs, vectors, the manifest", """
        CREATE TABLE library_manifest (                   -- what the vectors were made with (one row)
            one            boolean PRIMARY KEY DEFAULT true CHECK (one),
            format_version int NOT NULL,
            embedder       text NOT NULL,
            dim            int NOT NULL,
            chunking       jsonb NOT NULL
        );
        CREATE TABLE library_state (                      -- one row: bumped by every keep and remove
            one     boolean PRIMARY KEY DEFAULT true CHECK (one),
            version bigint NOT NULL
        );
        INSERT INTO library_state (version) VALUES (0);
        CREATE TABLE documents (
            seq        bigserial UNIQUE,                  -- the order paragraphs are numbered in
            id         text PRIMARY KEY,                  -- the entry id, as in the folder library
            name       text NOT NULL UNIQUE,
            sha256     text NOT NULL UNIQUE,
            content    bytea NOT NULL,                    -- the original bytes, as kept
            kept_by    text NOT NULL,
            kept_at    timestamptz NOT NULL DEFAULT now(),
            paragraphs int NOT NULL
        );
        CREATE TABLE paragraphs (
            document   text NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            number     int NOT NULL,                      -- within its document, from 1
            section    text NOT NULL,
            text       text NOT NULL,
            is_heading boolean NOT NULL,
            language   text NOT NULL,
            page       int,
            vector     bytea NOT NULL,                    -- float32 little-endian, the manifest's dim
            PRIMARY KEY (document, number)
        );
    """),
    # the HNSW index needs the manifest's dimension: made with the manifest (rag.store.library)
    Migration(3, "pgvector where the server has it: the extension and an embedding column", PGVECTOR),
)

LATEST = MIGRATIONS[-1].version
