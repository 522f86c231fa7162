"""Accounts: names with a role, an argon2id password hash and hashed API keys, in one users file.

The file (`users_file`, default `<cache_dir>/users.json`) is created with mode 0600 and replaced
atomically under a lock, so two `rag users` commands or servers never lose each other's change.
Passwords are stored only as argon2id hashes (argon2-cffi); API keys are random 256-bit tokens
shown once and stored as their SHA-256 (a fast hash is enough for a token that long), compared in
constant time.

>>> accounts = Accounts(Path("/tmp/users.json"))          # doctest: +SKIP
>>> accounts.add("sari", "reader", "a long passphrase")   # doctest: +SKIP
>>> accounts.verify("sari", "a long passphrase").role     # doctest: +SKIP
'reader'
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import AccessError
from ..locks import lock

ROLES = ("reader", "editor", "admin")
# what each role may do; a role may do everything the roles before it may
ACTIONS = {"ask": "reader", "upload": "reader", "library": "editor", "users": "admin"}
KEY_PREFIX = "rk_"
MIN_PASSWORD = 8
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def may(role: str, action: str) -> bool:
    """Whether `role` may do `action` ("ask", "upload", "library", "users").

    >>> may("reader", "ask"), may("reader", "library"), may("editor", "library"), may("editor", "users")
    (True, False, True, False)
    """
    return role in ROLES and ROLES.index(role) >= ROLES.index(ACTIONS[action])


@dataclass(frozen=True)
class User:
    name: str
    role: str
    keys: int = 0  # API keys issued


@dataclass(frozen=True)
class Key:
    """An API key as stored: its id (the first 8 hex digits of its SHA-256, shown by `rag users keys`) and
    when it was made; the key itself is never stored."""

    id: str
    created: str


def _hasher():  # noqa: ANN202 - argon2.PasswordHasher
    try:
        from argon2 import PasswordHasher
    except ImportError as exc:
        raise AccessError("accounts need argon2-cffi: pip install argon2-cffi==25.1.0") from exc
    return PasswordHasher()  # argon2id with the library's current defaults


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class Accounts:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        return self.path.is_file()

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

    def _change(self, change) -> object:  # noqa: ANN001 - a function of the data, changing it in place
        with lock(self.path.parent):
            data = self._read()
            result = change(data)
            self._write(data)
            return result

    def users(self) -> list[User]:
        return [User(n, u["role"], len(u.get("keys", []))) for n, u in sorted(self._read()["users"].items())]

    def get(self, name: str) -> User | None:
        u = self._read()["users"].get(name)
        return User(name, u["role"], len(u.get("keys", []))) if u else None

    def add(self, name: str, role: str, password: str) -> User:
        _check_name(name)
        _check_role(role)
        _check_password(password)
        digest = _hasher().hash(password)

        def change(data: dict) -> None:
            if name in data["users"]:
                raise AccessError(f"user {name!r} exists already (rag users passwd {name} to change the password)")
            data["users"][name] = {"role": role, "password": digest, "keys": [], "created": _now()}
        self._change(change)
        return User(name, role)

    def remove(self, name: str) -> None:
        def change(data: dict) -> None:
            if data["users"].pop(name, None) is None:
                raise AccessError(f"no user {name!r} (rag users list shows them)")
        self._change(change)

    def passwd(self, name: str, password: str) -> int:
        """Set a new password and revoke every API key of `name` (a changed password is a suspected
        leak: the keys go with it); returns how many keys were revoked."""
        _check_password(password)
        digest = _hasher().hash(password)

        def change(data: dict) -> int:
            user = _user(data, name)
            user["password"], revoked, user["keys"] = digest, len(user.get("keys", [])), []
            return revoked
        return self._change(change)

    def stamp(self, name: str) -> str | None:
        """What a login of `name` holds to: changes with every new password (None: no such user).
        A browser session started under another stamp has ended (ui.access.Logins)."""
        u = self._read()["users"].get(name)
        return hashlib.sha256(u["password"].encode()).hexdigest()[:16] if u else None

    def keys(self, name: str) -> list[Key]:
        """The API keys of `name`, oldest first."""
        return [Key(k["sha256"][:8], k.get("created", "")) for k in _user(self._read(), name).get("keys", [])]

    def revoke(self, name: str, key_id: str | None = None) -> int:
        """Revoke the key of `name` whose id is `key_id` (None: every key); returns how many went."""
        def change(data: dict) -> int:
            user = _user(data, name)
            keys = user.get("keys", [])
            kept = [k for k in keys if key_id is not None and not k["sha256"].startswith(key_id.lower())]
            if key_id is not None and (len(key_id) < 8 or len(kept) == len(keys)):
                raise AccessError(f"{name} has no API key {key_id!r} (rag users keys {name} lists their ids)")
            user["keys"] = kept
            return len(keys) - len(kept)
        return self._change(change)

    def new_key(self, name: str) -> str:
        """A new API key for `name`, returned once; only its hash is kept."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)

        def change(data: dict) -> None:
            _user(data, name).setdefault("keys", []).append({"sha256": key_hash(key), "created": _now()})
        self._change(change)
        return key

    def verify(self, name: str, password: str) -> User | None:
        """The user when `password` is theirs, else None (unknown names cost the same time)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        u = self._read()["users"].get(name)
        hasher = _hasher()
        try:
            hasher.verify(u["password"] if u else _dummy(), password)
        except (VerificationError, InvalidHashError):
            return None
        return User(name, u["role"], len(u.get("keys", []))) if u else None

    def by_key(self, key: str) -> User | None:
        """The user an API key belongs to, else None."""
        if not key.startswith(KEY_PREFIX):
            return None
        wanted = key_hash(key)
        for name, u in self._read()["users"].items():
            if any(hmac.compare_digest(wanted, k["sha256"]) for k in u.get("keys", [])):
                return User(name, u["role"], len(u["keys"]))
        return None


def _user(data: dict, name: str) -> dict:
    if name not in data["users"]:
        raise AccessError(f"no user {name!r} (rag users list shows them)")
    return data["users"][name]


@lru_cache(maxsize=1)
def _dummy() -> str:
    """A hash no password matches: an unknown name is checked against it, so it takes as long."""
    return _hasher().hash(secrets.token_hex(32))


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _check_name(name: str) -> None:
    if not _NAME.match(name or ""):
        raise AccessError(f"user name {name!r}: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccessError(f"role {role!r} is not one of {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccessError(f"the password must have at least {MIN_PASSWORD} characters")
