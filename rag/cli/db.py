"""`rag db`: the PostgreSQL database that `database_url` (or $RAG_DATABASE_URL) names.

    rag db status              the schema's version against this bot's, and what is applied
    rag db upgrade             apply the missing migrations (the schema is never made by hand)
    rag db import-accounts     copy users_file and audit_log into the database, and check the counts
"""
from __future__ import annotations

import argparse

from ..errors import DatabaseError
from ..settings import Settings
from .common import settings_from


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    p = sub.add_parser("db", help="the PostgreSQL database (database_url): status, upgrade, import accounts",
                       description="The database that the setting database_url (or $RAG_DATABASE_URL) names holds "
                                   "the accounts, API keys, the audit log and failed-login counts, shared by every "
                                   "replica, and (migration 2) the library: documents, paragraphs, vectors; "
                                   "(migration 3) pgvector's column where the server has it. "
                                   "`rag library migrate --to URL` copies a folder library in.")
    acts = p.add_subparsers(dest="action", required=True)
    acts.add_parser("status", help="the schema's version and the migrations applied and pending")
    acts.add_parser("upgrade", help="create or migrate the schema (safe to run again, and from replicas at once)")
    copy = acts.add_parser("import-accounts", help="copy users.json and audit.log into the database (`rag library "
                                                    "migrate --to URL` copies the library too)")
    copy.add_argument("--users-file", help="the users file to copy (default: setting users_file, <cache>/users.json)")
    copy.add_argument("--audit-log", help="the audit log to copy (default: setting audit_log, <cache>/audit.log)")
    p.set_defaults(run=run)
    return [p]


def _database(s: Settings):  # noqa: ANN202 - rag.store.db.Database
    from ..store.db import Database

    if not s.database_url:
        raise DatabaseError("database_url is not set: set it in the settings file (database_url = "
                            "\"postgresql://USER@HOST:PORT/DB\") or in $RAG_DATABASE_URL")
    return Database(s.database_url)


def run(args: argparse.Namespace) -> int:
    from ..store import schema
    from ..store.db import shown

    s = settings_from(args).with_overrides(users_file=getattr(args, "users_file", None),
                                           audit_log=getattr(args, "audit_log", None))
    db = _database(s)
    if args.action == "status":
        status = schema.status(db)
        print(f"database {shown(db.url)}: schema version {status.version} (this bot: {status.latest})")
        for version, title, applied in status.applied:
            print(f"  {version:4d}  applied {applied}  {title}")
        for m in status.pending:
            print(f"  {m.version:4d}  pending  {m.title}")
        if status.version > status.latest:
            print("newer than this bot: update the bot")
        elif status.pending:
            print("run `rag db upgrade` to apply the pending migrations")
        return 0 if status.version == status.latest else 1
    if args.action == "upgrade":
        applied = schema.upgrade(db)
        for m in applied:
            print(f"applied {m.version}: {m.title}")
        print(f"database {shown(db.url)}: schema version {schema.status(db).version}"
              + ("" if applied else " (already current)"))
        print(_pgvector(db))
        return 0
    return _import(s)


def _pgvector(db) -> str:  # noqa: ANN001 - rag.store.db.Database
    """pgvector set up where the server has it, and a line saying what came of it."""
    from ..store.library import prepare

    there, copied = prepare(db)
    if not there:
        return ("pgvector: not on this server (or not created: CREATE EXTENSION vector needs a superuser); "
                'dense search stays in each replica\'s memory (dense_search = "memory")')
    return ('pgvector: ready for dense_search = "pgvector" (the embedding column, and its HNSW index from the '
            f"first keep on; {copied} vectors kept before copied into it)")


def _import(s: Settings) -> int:
    from ..access.audit import FileAudit
    from ..access.backend import accounts_of, audit_of
    from ..access.transfer import import_accounts
    from ..access.userfile import FileAccounts

    users, log = FileAccounts(s.file("users_file", "users.json")), FileAudit(s.file("audit_log", "audit.log"))
    accounts, audit = accounts_of(s), audit_of(s)  # checks the schema: `rag db upgrade` first
    copied = import_accounts(users, log, accounts, audit)
    print(f"users: {copied.users} in {users.where}, {copied.users_new} copied, "
          f"{copied.users - copied.users_new} there already; all {copied.users} are in {accounts.where}")
    print(f"audit records: {copied.records} in {log.where}, {copied.records_new} copied, "
          f"{copied.records - copied.records_new} there already; all {copied.records} are in the database")
    return 0
