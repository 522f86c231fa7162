"""`rag users`: accounts and roles for the browser chat and the HTTP API.

    rag users add NAME --role reader|editor|admin   (password asked without echo, or read from stdin)
    rag users list | remove NAME | passwd NAME | key NAME | keys NAME
    rag users revoke NAME (KEY-ID | --all)
"""
from __future__ import annotations

import argparse
import getpass
import sys

from ..access.accounts import ROLES, key_hash
from ..access.backend import accounts_of
from ..errors import AccessError
from .common import settings_from


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    p = sub.add_parser("users", help="accounts and roles (login, API keys)",
                       description="Manage the accounts of the browser chat (rag-ui) and the HTTP API (rag serve). "
                                   "reader: asks and adds documents to its own session; editor: also keeps and "
                                   "removes library documents; admin: also manages users. Passwords are stored as "
                                   "argon2id hashes in users_file (default <cache>/users.json, mode 0600).")
    p.add_argument("--users-file", help="the users file (default: <cache>/users.json)")
    acts = p.add_subparsers(dest="action", required=True)
    add = acts.add_parser("add", help="add a user (asks for the password)")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    acts.add_parser("list", help="the users, their roles and API key counts")
    passwd = acts.add_parser("passwd", help="set a new password; revokes every API key of the user",
                             description="Set a new password. Every API key of the user is revoked with it (a "
                                         "password is changed when it may have leaked, and keys with it): issue new "
                                         "ones with `rag users key NAME`. Browser sessions of the user end too.")
    for action, text in (("remove", "remove a user (their API keys and browser sessions stop working)"),
                         ("key", "issue an API key (shown once, stored hashed) and print its id"),
                         ("keys", "the ids and dates of a user's API keys (for revoke)")):
        acts.add_parser(action, help=text).add_argument("name")
    revoke = acts.add_parser("revoke", help="revoke one API key by its id (rag users keys NAME), or --all")
    revoke.add_argument("name")
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("key_id", nargs="?", help="the key's id, as `rag users key` and `rag users keys` print it")
    which.add_argument("--all", action="store_true", help="revoke every key of the user")
    passwd.add_argument("name")
    for a in (add, passwd):
        a.add_argument("--password-stdin", action="store_true", help="read the password from stdin (for scripts)")
    p.set_defaults(run=run)
    return [p]


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(f"password for {args.name}: ")
    if getpass.getpass("again: ") != first:
        raise AccessError("the two passwords differ; nothing changed")
    return first


def run(args: argparse.Namespace) -> int:
    s = settings_from(args).with_overrides(users_file=args.users_file)
    accounts = accounts_of(s)  # the users file, or the database (database_url)
    if args.action == "add":
        user = accounts.add(args.name, args.role, _password(args))
        print(f"added {user.name} ({user.role}) to {accounts.where}")
    elif args.action == "list":
        users = accounts.users()
        if not users:
            print(f"no users in {accounts.where} (add one: rag users add NAME --role admin)")
        for u in users:
            print(f"{u.name:20s} {u.role:7s} {u.keys} API key(s)")
    elif args.action == "remove":
        accounts.remove(args.name)
        print(f"removed {args.name}")
    elif args.action == "passwd":
        revoked = accounts.passwd(args.name, _password(args))
        print(f"password of {args.name} changed; {revoked} API key(s) revoked (rag users key {args.name} issues a new one)")
    elif args.action == "keys":
        for k in accounts.keys(args.name):
            print(f"{k.id}  made {k.created}")
    elif args.action == "revoke":
        revoked = accounts.revoke(args.name, None if args.all else args.key_id)
        print(f"revoked {revoked} API key(s) of {args.name}")
    elif args.action == "key":
        key = accounts.new_key(args.name)
        print(f"API key {key_hash(key)[:8]} for {args.name} (shown once; send it as 'Authorization: Bearer KEY'):\n{key}")
    return 0
