"""The schema's versioned migrations, oldest first: each is applied once, in its own transaction, by
`rag db upgrade` (rag.store.schema), and recorded in `schema_version`. Never edit one that has shipped:
add the next version."""
from __future__ import annotations

from dataclasses import dataclass


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
)

LATEST = MIGRATIONS[-1].version
