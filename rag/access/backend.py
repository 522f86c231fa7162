"""Where the accounts, the audit log and the failed-login counts live, as `database_url` says: empty,
the users file, the audit log file and this process's memory (as before); a PostgreSQL URL, its
tables, shared by every replica. The rest of the code asks here and does not care which.

>>> accounts_of(Settings())                    # doctest: +SKIP
<rag.access.userfile.FileAccounts ...>
"""
from __future__ import annotations

from ..settings import Settings
from ..store.db import Database
from .accounts import Accounts
from .audit import AuditLog, FileAudit
from .limits import Limiter, LoginLimiter


def database(settings: Settings) -> Database | None:
    """The database `database_url` names, opened once per process and its schema checked (DatabaseError:
    cannot connect, or `rag db upgrade` is needed); None when the setting is empty."""
    if not settings.database_url:
        return None
    from ..store.schema import opened

    return opened(settings.database_url)


def accounts_of(settings: Settings) -> Accounts:
    db = database(settings)
    if db is None:
        from .userfile import FileAccounts

        return FileAccounts(settings.file("users_file", "users.json"))
    from .dbusers import DbAccounts

    return DbAccounts(db)


def audit_of(settings: Settings) -> AuditLog:
    db = database(settings)
    if db is None:
        return FileAudit(settings.file("audit_log", "audit.log"))
    from .dblog import DbAudit

    return DbAudit(db)


def limiter_of(settings: Settings) -> Limiter:
    db = database(settings)
    if db is None:
        return LoginLimiter()
    from .dblog import DbLimiter

    return DbLimiter(db)
