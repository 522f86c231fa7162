"""Accounts: names with a role, an argon2id password hash and hashed API keys; the one interface.

`Accounts` holds the rules every backend shares (names, roles, password length, hashing, keys made
once and stored as their SHA-256, unknown names taking as long as wrong passwords); a backend stores:
`FileAccounts` one users file (rag.access.userfile), `DbAccounts` PostgreSQL (rag.access.dbusers).
`rag.access.backend.accounts_of(settings)` picks the one `database_url` says.

Passwords are stored only as argon2id hashes (argon2-cffi); API keys are random 256-bit tokens shown
once and stored as their SHA-256 (a fast hash is enough for a token that long).

>>> accounts = accounts_of(Settings.load())              # doctest: +SKIP
>>> accounts.add("sari", "reader", "a long passphrase")   # doctest: +SKIP
>>> accounts.verify("sari", "a long passphrase").role     # doctest: +SKIP
'reader'
"""
from __future__ import annotations

import hashlib
import re
import secrets
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import lru_cache

from ..errors import AccessError

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


class Accounts(ABC):
    """The accounts, wherever they are kept. Subclasses store; the rules are here."""

    where: str  # what a message names: the users file, or the database's URL without its password

    @abstractmethod
    def exists(self) -> bool:
        """Whether there are accounts to log in with (a users file; users in the database)."""

    @abstractmethod
    def users(self) -> list[User]: ...

    @abstractmethod
    def get(self, name: str) -> User | None: ...

    @abstractmethod
    def remove(self, name: str) -> None: ...

    @abstractmethod
    def keys(self, name: str) -> list[Key]:
        """The API keys of `name`, oldest first."""

    @abstractmethod
    def _insert(self, name: str, role: str, digest: str) -> None:
        """Store a new user (AccessError when the name is taken)."""

    @abstractmethod
    def _set_password(self, name: str, digest: str) -> int:
        """Replace the hash and revoke every key; returns how many went."""

    @abstractmethod
    def _hash_of(self, name: str) -> tuple[User, str] | None:
        """The user and their password hash."""

    @abstractmethod
    def _add_key(self, name: str, sha256: str) -> None: ...

    @abstractmethod
    def _revoke(self, name: str, key_id: str | None) -> int:
        """Drop the keys of `name` whose SHA-256 starts with `key_id` (None: all); how many went."""

    @abstractmethod
    def _by_hash(self, sha256: str) -> User | None: ...

    def add(self, name: str, role: str, password: str) -> User:
        _check_name(name)
        _check_role(role)
        _check_password(password)
        self._insert(name, role, _hasher().hash(password))
        return User(name, role)

    def passwd(self, name: str, password: str) -> int:
        """Set a new password and revoke every API key of `name` (a changed password is a suspected
        leak: the keys go with it); returns how many keys were revoked."""
        _check_password(password)
        return self._set_password(name, _hasher().hash(password))

    def stamp(self, name: str) -> str | None:
        """What a login of `name` holds to: changes with every new password (None: no such user).
        A browser session started under another stamp has ended (ui.access.Logins)."""
        found = self._hash_of(name)
        return hashlib.sha256(found[1].encode()).hexdigest()[:16] if found else None

    def revoke(self, name: str, key_id: str | None = None) -> int:
        """Revoke the key of `name` whose id is `key_id` (None: every key); returns how many went."""
        if key_id is not None and len(key_id) < 8:
            raise AccessError(f"{name} has no API key {key_id!r} (rag users keys {name} lists their ids)")
        revoked = self._revoke(name, None if key_id is None else key_id.lower())
        if key_id is not None and not revoked:
            raise AccessError(f"{name} has no API key {key_id!r} (rag users keys {name} lists their ids)")
        return revoked

    def new_key(self, name: str) -> str:
        """A new API key for `name`, returned once; only its hash is kept."""
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        self._add_key(name, key_hash(key))
        return key

    def verify(self, name: str, password: str) -> User | None:
        """The user when `password` is theirs, else None (unknown names cost the same time)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        found = self._hash_of(name)
        try:
            _hasher().verify(found[1] if found else _dummy(), password)
        except (VerificationError, InvalidHashError):
            return None
        return found[0] if found else None

    def by_key(self, key: str) -> User | None:
        """The user an API key belongs to, else None."""
        return self._by_hash(key_hash(key)) if key.startswith(KEY_PREFIX) else None


def _hasher():  # noqa: ANN202 - argon2.PasswordHasher
    try:
        from argon2 import PasswordHasher
    except ImportError as exc:
        raise AccessError("accounts need argon2-cffi: pip install argon2-cffi==25.1.0") from exc
    return PasswordHasher()  # argon2id with the library's current defaults


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def no_user(name: str) -> AccessError:
    return AccessError(f"no user {name!r} (rag users list shows them)")


def taken(name: str) -> AccessError:
    return AccessError(f"user {name!r} exists already (rag users passwd {name} to change the password)")


@lru_cache(maxsize=1)
def _dummy() -> str:
    """A hash no password matches: an unknown name is checked against it, so it takes as long."""
    return _hasher().hash(secrets.token_hex(32))


def now() -> str:
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
