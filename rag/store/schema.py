"""The schema's version: what the database holds against what this bot needs, and the upgrade.

`rag db upgrade` applies the missing migrations (rag.store.migrations), each in its own transaction
under an advisory lock, so replicas upgrading at once take turns and none applies one twice. A bot
opening the database checks the version: too old says to run `rag db upgrade`, too new says to update
the bot.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from ..errors import DatabaseError
from .db import Database, shown
from .migrations import LATEST, MIGRATIONS, Migration

LOCK = 3232_0001  # pg_advisory_xact_lock key of the upgrade
_opened: dict[str, Database] = {}
_opening = threading.Lock()
VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version int PRIMARY KEY, title text NOT NULL, applied timestamptz NOT NULL DEFAULT now())"""


@dataclass(frozen=True)
class Status:
    version: int                      # the newest applied (0: none)
    latest: int                       # the newest this bot knows
    applied: tuple[tuple[int, str, str], ...]  # (version, title, when) of each applied

    @property
    def pending(self) -> tuple[Migration, ...]:
        return tuple(m for m in MIGRATIONS if m.version > self.version)


def _version(cur) -> int:  # noqa: ANN001 - a psycopg cursor
    if cur.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
        return 0
    return cur.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def status(db: Database) -> Status:
    def read(cur) -> Status:  # noqa: ANN001
        version = _version(cur)
        rows = cur.execute("SELECT version, title, to_char(applied AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                           "FROM schema_version ORDER BY version").fetchall() if version else []
        return Status(version, LATEST, tuple(rows))
    return db.run(read)


def upgrade(db: Database) -> list[Migration]:
    """Apply every migration the database lacks; returns those applied (none: it was current)."""
    done: list[Migration] = []
    for migration in MIGRATIONS:
        def apply(cur, m: Migration = migration) -> bool:  # noqa: ANN001
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
            cur.execute(VERSION_TABLE)
            version = _version(cur)
            if version > LATEST:
                raise _too_new(db, version)
            if m.version <= version:
                return False
            cur.execute(m.sql)
            cur.execute("INSERT INTO schema_version (version, title) VALUES (%s, %s)", (m.version, m.title))
            return True
        if db.run(apply):
            done.append(migration)
    return done


def check(db: Database) -> None:
    """DatabaseError unless the database holds exactly the schema this bot needs."""
    version = status(db).version
    if version > LATEST:
        raise _too_new(db, version)
    if version < LATEST:
        raise DatabaseError(f"the database at {shown(db.url)} has schema version {version}; this bot needs {LATEST}: "
                            "run `rag db upgrade`")


def _too_new(db: Database, version: int) -> DatabaseError:
    return DatabaseError(f"the database at {shown(db.url)} has schema version {version}, newer than this bot's "
                         f"{LATEST}: update the bot (a newer one upgraded it)")


def opened(url: str) -> Database:
    """The database at `url`, opened once per process and its schema checked (DatabaseError: cannot
    connect, or `rag db upgrade` is needed)."""
    with _opening:
        if url not in _opened:
            db = Database(url)
            check(db)
            _opened[url] = db
        return _opened[url]
