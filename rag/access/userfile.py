"""Accounts in one users file (`users_file`, default `<cache_dir>/users.json`): the embedded backend.

The file is created with mode 0600 and replaced atomically under a lock, so two `rag users` commands
or servers on one machine never lose each other's change.

>>> accounts = FileAccounts(Path("/tmp/users.json"))      # doctest: +SKIP
"""
from __future__ import annotations

import hmac
import json
import os
from pathlib import Path
from typing import Callable, TypeVar

from ..errors import AccessError
from ..locks import lock
from .accounts import Accounts, Key, User, no_user, now, taken

T = TypeVar("T")


class FileAccounts(Accounts):
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.where = str(self.path)

    def exists(self) -> bool:
        return self.path.is_file()

    def records(self) -> dict[str, dict]:
        """Each user's stored record (role, password hash, keys with their SHA-256 and date, created)."""
        return self._read()["users"]

    def _read(self) -> dict:
        if not self.path.exists():
            return {"users": {}}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            assert isinstance(data.get("users"), dict)
            return data
        except (OSError, ValueError, AssertionError) as exc:
            raise AccessError(f"the users file {self.path} cannot be read ({exc}); restore it or remove it") from exc

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def _change(self, change: Callable[[dict], T]) -> T:
        with lock(self.path.parent):
            data = self._read()
            result = change(data)
            self._write(data)
            return result

    def users(self) -> list[User]:
        return [_as_user(n, u) for n, u in sorted(self.records().items())]

    def get(self, name: str) -> User | None:
        u = self.records().get(name)
        return _as_user(name, u) if u else None

    def remove(self, name: str) -> None:
        def change(data: dict) -> None:
            if data["users"].pop(name, None) is None:
                raise no_user(name)
        self._change(change)

    def keys(self, name: str) -> list[Key]:
        return [Key(k["sha256"][:8], k.get("created", "")) for k in _user(self._read(), name).get("keys", [])]

    def _insert(self, name: str, role: str, digest: str) -> None:
        def change(data: dict) -> None:
            if name in data["users"]:
                raise taken(name)
            data["users"][name] = {"role": role, "password": digest, "keys": [], "created": now()}
        self._change(change)

    def _set_password(self, name: str, digest: str) -> int:
        def change(data: dict) -> int:
            user = _user(data, name)
            user["password"], revoked, user["keys"] = digest, len(user.get("keys", [])), []
            return revoked
        return self._change(change)

    def _hash_of(self, name: str) -> tuple[User, str] | None:
        u = self.records().get(name)
        return (_as_user(name, u), u["password"]) if u else None

    def _add_key(self, name: str, sha256: str) -> None:
        self._change(lambda data: _user(data, name).setdefault("keys", []).append({"sha256": sha256, "created": now()}))

    def _revoke(self, name: str, key_id: str | None) -> int:
        def change(data: dict) -> int:
            user = _user(data, name)
            keys = user.get("keys", [])
            user["keys"] = [k for k in keys if key_id is not None and not k["sha256"].startswith(key_id)]
            return len(keys) - len(user["keys"])
        return self._change(change)

    def _by_hash(self, sha256: str) -> User | None:
        for name, u in self.records().items():
            if any(hmac.compare_digest(sha256, k["sha256"]) for k in u.get("keys", [])):
                return _as_user(name, u)
        return None


def _as_user(name: str, u: dict) -> User:
    return User(name, u["role"], len(u.get("keys", [])))


def _user(data: dict, name: str) -> dict:
    if name not in data["users"]:
        raise no_user(name)
    return data["users"][name]
