"""Copy the embedded accounts into the database (`rag db import-accounts`): the users file's users with
their password hashes, API keys and dates, and the audit log's records, then check that the database
holds every one. Safe to run again: what the database holds already is left as it is, and a user
whose name is there with another role or password stops the copy before anything changes."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import AccessError
from .audit import FileAudit
from .dblog import DbAudit
from .dbusers import DbAccounts
from .userfile import FileAccounts


@dataclass(frozen=True)
class Copied:
    users: int          # in the users file
    users_new: int      # of them, copied now (the rest were there)
    records: int        # in the audit log file
    records_new: int


def import_accounts(users: FileAccounts, log: FileAudit, accounts: DbAccounts, audit: DbAudit) -> Copied:
    """Copy `users` and `log` into the database; AccessError when a count does not match afterwards."""
    records, lines = users.records(), log.read()
    clashes = []
    for name, record in sorted(records.items()):
        there = accounts._hash_of(name)
        if there is not None and (there[0].role, there[1]) != (record["role"], record["password"]):
            clashes.append(name)
    if clashes:
        raise AccessError(f"the database has user(s) {', '.join(clashes)} already, with another role or password; "
                          "nothing was copied (remove them there, or from the users file, and run again)")
    users_new = sum(accounts.load(name, record) for name, record in sorted(records.items()))
    records_new = audit.load(lines)
    missing = [name for name in records if accounts.get(name) is None]
    unlogged = sum(not audit.holds(line) for line in lines)
    if missing or unlogged:
        raise AccessError(f"after the copy the database lacks {len(missing)} user(s) and {unlogged} audit record(s) "
                          f"of the files ({', '.join(missing[:5])}); run again, or check the database's log")
    return Copied(len(records), users_new, len(lines), records_new)
