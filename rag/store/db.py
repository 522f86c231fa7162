"""One PostgreSQL database (`database_url`), reached through psycopg 3 with errors a user can act on.

Each thread keeps one connection and reuses it; a statement runs in a transaction of its own, or
several together through `run`. A connection the server dropped (a restart) is replaced and the
transaction tried once more; a server that stays away raises DatabaseError saying so.

>>> db = Database("postgresql://rag@127.0.0.1:5432/rag")                 # doctest: +SKIP
>>> db.one("SELECT count(*) FROM users")                                 # doctest: +SKIP
(2,)
"""
from __future__ import annotations

import re
import threading
from typing import Any, Callable, TypeVar

from ..errors import DatabaseError

T = TypeVar("T")
INSTALL = "pip install 'psycopg[binary]==3.3.9' (or: pip install -e '.[postgres]')"
CONNECT_TIMEOUT = 5  # seconds, unless the URL says connect_timeout=


def psycopg():  # noqa: ANN201 - the psycopg module
    """psycopg 3, or DatabaseError saying what to install."""
    try:
        import psycopg as module
    except ImportError as exc:
        raise DatabaseError(f"database_url is set, and PostgreSQL needs psycopg 3: {INSTALL}") from exc
    return module


def shown(url: str) -> str:
    """The URL without its password, for messages and logs.

    >>> shown("postgresql://rag:s3cret@db:5432/rag")
    'postgresql://rag:***@db:5432/rag'
    """
    return re.sub(r"^(\w+://[^:/@]*):[^@]*@", r"\1:***@", url)


def _hint(message: str) -> str:
    if "refused" in message or "timeout" in message or "could not translate host" in message:
        return "is the server running, and are the host and port in database_url right?"
    if "password" in message or "authentication" in message:
        return "check the user and password (database_url, $PGPASSWORD or ~/.pgpass)"
    if "does not exist" in message and "database" in message:
        return "create the database first (createdb NAME), then run `rag db upgrade`"
    return "check database_url"


class Database:
    def __init__(self, url: str) -> None:
        if not url.startswith(("postgresql://", "postgres://")):
            raise DatabaseError(f"database_url {shown(url)!r} is not a PostgreSQL URL (postgresql://USER@HOST:PORT/DB)")
        self.url = url
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"Database({shown(self.url)!r})"

    def connect(self, **options: object):  # noqa: ANN201 - a new psycopg.Connection in autocommit mode
        """A connection of its own (transactions are explicit); `options` are libpq's, under the URL's."""
        pg = psycopg()
        try:
            params = pg.conninfo.conninfo_to_dict(self.url)
        except pg.ProgrammingError as exc:
            raise DatabaseError(f"database_url {shown(self.url)!r} is not a valid PostgreSQL URL: {exc}") from exc
        for key, value in {"connect_timeout": CONNECT_TIMEOUT, **options}.items():
            params.setdefault(key, value)
        try:
            return pg.connect(**params, autocommit=True)
        except pg.OperationalError as exc:
            first = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise DatabaseError(f"cannot connect to PostgreSQL at {shown(self.url)}: {first} ({_hint(str(exc))})") from exc

    def run(self, work: Callable[[Any], T]) -> T:
        """`work(cursor)` in one transaction (committed when it returns, rolled back when it raises)."""
        pg = psycopg()
        for attempt in (1, 2):
            conn = getattr(self._local, "conn", None)
            fresh = conn is None or conn.closed
            if fresh:
                conn = self._local.conn = self.connect()
            try:
                with conn.transaction(), conn.cursor() as cur:
                    return work(cur)
            except pg.OperationalError as exc:
                self.close()
                if fresh or attempt == 2:  # a new connection failed too: the server is away
                    raise DatabaseError(f"lost the connection to PostgreSQL at {shown(self.url)}: "
                                        f"{str(exc).strip() or type(exc).__name__} ({_hint(str(exc))})") from exc
        raise AssertionError("unreachable")

    def one(self, sql: str, params: tuple = ()) -> tuple | None:
        return self.run(lambda cur: cur.execute(sql, params).fetchone())

    def all(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.run(lambda cur: cur.execute(sql, params).fetchall())

    def execute(self, sql: str, params: tuple = ()) -> int:
        """Run one statement; returns the rows it touched."""
        return self.run(lambda cur: cur.execute(sql, params).rowcount)

    def close(self) -> None:
        """Close this thread's connection (the next call opens a new one)."""
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is gone either way
                pass
