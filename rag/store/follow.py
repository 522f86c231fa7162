"""Following the library in the database: a thread that LISTENs on its channel and calls `changed()`
on each notification, and once after every (re)connection, so what changed while it was away is
caught up. A lost connection is logged (once), retried every `retry` seconds, and its return logged;
meanwhile the process answers from what it has.

>>> Follower(db, lambda: print("look again")).start()            # doctest: +SKIP
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from ..errors import DatabaseError
from .db import Database, psycopg, shown
from .library import CHANNEL

LOG = logging.getLogger("rag.serve.library")  # under rag serve's logger: its format, on stderr
# a dead peer (a network cut, not a closed socket) is noticed within about idle + interval * count seconds
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 2}


class Follower:
    def __init__(self, db: Database, changed: Callable[[], None], retry: float = 1.0, tick: float = 0.5) -> None:
        self.db, self.changed, self.retry, self.tick = db, changed, retry, tick
        self.connected = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "Follower":
        self._thread = threading.Thread(target=self._run, name="rag-library-follower", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        lost: float | None = None
        while not self._stop.is_set():
            try:
                conn = self.db.connect(**KEEPALIVES)
                try:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected = True
                    self._tell()  # what changed before it listened (after a loss: while it was away)
                    if lost is not None:
                        LOG.warning("PostgreSQL at %s is back after %.1f s: the library is caught up",
                                    shown(self.db.url), time.monotonic() - lost)
                        lost = None
                    while not self._stop.is_set():
                        if any(True for _ in conn.notifies(timeout=self.tick, stop_after=1)):
                            self._tell()
                finally:
                    conn.close()
            except (DatabaseError, psycopg().Error) as exc:
                self.connected = False
                if lost is None:
                    lost = time.monotonic()
                    LOG.warning("lost the connection to PostgreSQL at %s (%s): answering from the library as it "
                                "was, trying again every %.0f s", shown(self.db.url), _first_line(exc), self.retry)
                self._stop.wait(self.retry)

    def _tell(self, back: bool = False) -> None:
        try:
            self.changed()
        except DatabaseError:
            raise
        except Exception:  # noqa: BLE001 - a failed reload must not end the following; the old library stays
            LOG.exception("could not reload the library from %s; answering from the library as it was",
                          shown(self.db.url))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__
