"""The audit log and the failed-login counts in PostgreSQL (tables `audit` and `login_failures`): every
replica appends to one log and counts every replica's failures, on the database server's clock."""
from __future__ import annotations

from ..store.db import Database, shown
from .audit import FIELDS, AuditLog
from .limits import LIMIT, WINDOW, Limiter, keys

COLUMNS = ", ".join(f'"{f}"' for f in FIELDS)
SELECTED = COLUMNS.replace('"time"', """to_char("time" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')""")
SAME = " AND ".join(f'"{f}" = %s' + ("::timestamptz" if f == "time" else "") for f in FIELDS)  # a record like this one


class DbAudit(AuditLog):
    def __init__(self, db: Database) -> None:
        self.db = db
        self.where = shown(db.url)

    def _append(self, line: dict) -> None:
        self.db.execute(f"INSERT INTO audit ({COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                        tuple(line[f] for f in FIELDS))

    def read(self) -> list[dict]:
        rows = self.db.all(f'SELECT {SELECTED} FROM audit ORDER BY "time", id')
        return [dict(zip(FIELDS, row)) for row in rows]

    def load(self, lines: list[dict]) -> int:
        """Append the records in `lines` that the log lacks (the same time, user, action, entry, document
        and SHA-256), in one transaction; returns how many were new (`rag db import-accounts`)."""
        def change(cur) -> int:  # noqa: ANN001
            added = 0
            for line in lines:
                values = tuple(str(line.get(f, "")) for f in FIELDS)
                added += cur.execute(f"INSERT INTO audit ({COLUMNS}) SELECT %s::timestamptz, %s, %s, %s, %s, %s, %s "
                                     f"WHERE NOT EXISTS (SELECT 1 FROM audit WHERE {SAME})", values + values).rowcount
            return added
        return self.db.run(change)

    def holds(self, line: dict) -> bool:
        values = tuple(str(line.get(f, "")) for f in FIELDS)
        return self.db.one(f"SELECT EXISTS (SELECT 1 FROM audit WHERE {SAME})", values)[0]


class DbLimiter(Limiter):
    def __init__(self, db: Database, limit: int = LIMIT, window: float = WINDOW) -> None:
        self.db, self.limit, self.window = db, limit, window

    def wait(self, name: str, address: str) -> float:
        rows = self.db.all(
            "SELECT extract(epoch FROM min(at) + make_interval(secs => %s) - clock_timestamp()) FROM login_failures "
            "WHERE key = ANY(%s) AND at > clock_timestamp() - make_interval(secs => %s) GROUP BY key "
            "HAVING count(*) >= %s", (self.window, list(keys(name, address)), self.window, self.limit))
        return max((max(float(w), 0.0) for (w,) in rows), default=0.0)

    def failed(self, name: str, address: str) -> None:
        def change(cur) -> None:  # noqa: ANN001
            both = list(keys(name, address))
            cur.execute("DELETE FROM login_failures WHERE key = ANY(%s) "
                        "AND at <= clock_timestamp() - make_interval(secs => %s)", (both, self.window))
            cur.executemany("INSERT INTO login_failures (key) VALUES (%s)", [(k,) for k in both])
        self.db.run(change)
