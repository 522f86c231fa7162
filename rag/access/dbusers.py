"""Accounts in PostgreSQL (tables `users` and `api_keys`, schema in rag.store.migrations): every
replica reads and changes the same accounts; each change is one statement or one transaction, so two
replicas adding users or keys at once lose nothing."""
from __future__ import annotations

from ..store.db import Database, psycopg, shown
from .accounts import Accounts, Key, User, no_user, taken

_USER = "SELECT u.name, u.role, (SELECT count(*) FROM api_keys k WHERE k.name = u.name) FROM users u"
UTC = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'"


class DbAccounts(Accounts):
    def __init__(self, db: Database) -> None:
        self.db = db
        self.where = shown(db.url)

    def exists(self) -> bool:
        return self.db.one("SELECT EXISTS (SELECT 1 FROM users)")[0]

    def users(self) -> list[User]:
        return [User(*row) for row in self.db.all(_USER + " ORDER BY u.name")]

    def get(self, name: str) -> User | None:
        row = self.db.one(_USER + " WHERE u.name = %s", (name,))
        return User(*row) if row else None

    def remove(self, name: str) -> None:
        if not self.db.execute("DELETE FROM users WHERE name = %s", (name,)):
            raise no_user(name)

    def keys(self, name: str) -> list[Key]:
        def read(cur) -> list[Key]:  # noqa: ANN001
            _lock_user(cur, name, share=True)
            rows = cur.execute(f"SELECT left(sha256, 8), to_char(created AT TIME ZONE 'UTC', {UTC}) FROM api_keys "
                               "WHERE name = %s ORDER BY id", (name,)).fetchall()
            return [Key(*row) for row in rows]
        return self.db.run(read)

    def _insert(self, name: str, role: str, digest: str) -> None:
        unique = psycopg().errors.UniqueViolation
        try:
            self.db.execute("INSERT INTO users (name, role, password) VALUES (%s, %s, %s)", (name, role, digest))
        except unique as exc:
            raise taken(name) from exc

    def _set_password(self, name: str, digest: str) -> int:
        def change(cur) -> int:  # noqa: ANN001
            _lock_user(cur, name)
            cur.execute("UPDATE users SET password = %s WHERE name = %s", (digest, name))
            return cur.execute("DELETE FROM api_keys WHERE name = %s", (name,)).rowcount
        return self.db.run(change)

    def _hash_of(self, name: str) -> tuple[User, str] | None:
        row = self.db.one(_USER.replace(" FROM users u", ", u.password FROM users u") + " WHERE u.name = %s", (name,))
        return (User(*row[:3]), row[3]) if row else None

    def _add_key(self, name: str, sha256: str) -> None:
        def change(cur) -> None:  # noqa: ANN001
            _lock_user(cur, name, share=True)  # a key never outlives a user removed at the same moment
            cur.execute("INSERT INTO api_keys (sha256, name) VALUES (%s, %s)", (sha256, name))
        self.db.run(change)

    def _revoke(self, name: str, key_id: str | None) -> int:
        def change(cur) -> int:  # noqa: ANN001
            _lock_user(cur, name)
            return cur.execute("DELETE FROM api_keys WHERE name = %s AND starts_with(sha256, %s)",
                               (name, key_id or "")).rowcount
        return self.db.run(change)

    def _by_hash(self, sha256: str) -> User | None:
        row = self.db.one(_USER + " JOIN api_keys held ON held.name = u.name WHERE held.sha256 = %s", (sha256,))
        return User(*row) if row else None

    def load(self, name: str, record: dict) -> bool:
        """Store a users-file record as it is (its hash, keys and dates; `rag db import-accounts`);
        False when `name` is in the database already (left as it is)."""
        def change(cur) -> bool:  # noqa: ANN001
            added = cur.execute("INSERT INTO users (name, role, password, created) "
                                "VALUES (%s, %s, %s, coalesce(%s::timestamptz, now())) ON CONFLICT (name) DO NOTHING",
                                (name, record["role"], record["password"], record.get("created") or None)).rowcount
            if added:
                for k in record.get("keys", []):
                    cur.execute("INSERT INTO api_keys (sha256, name, created) VALUES (%s, %s, coalesce(%s::timestamptz, now()))",
                                (k["sha256"], name, k.get("created") or None))
            return bool(added)
        return self.db.run(change)


def _lock_user(cur, name: str, share: bool = False) -> None:  # noqa: ANN001 - a psycopg cursor
    if cur.execute(f"SELECT 1 FROM users WHERE name = %s FOR {'SHARE' if share else 'UPDATE'}", (name,)).fetchone() is None:
        raise no_user(name)
