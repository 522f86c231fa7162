"""`rag users`: accounts and roles for the browser chat and the HTTP API.

    rag users add NAME --role reader|editor|admin   (password asked without echo, or read from stdin)
    rag users list | remove NAME | passwd NAME | key NAME
"""
from __future__ import annotations

import argparse
import getpass
import sys

from ..access.accounts import ROLES, Accounts
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
    passwd = acts.add_parser("passwd", help="set a new password")
    for action, text in (("remove", "remove a user"), ("key", "issue an API key (shown once, stored hashed)")):
        acts.add_parser(action, help=text).add_argument("name")
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
    accounts = Accounts(s.file("users_file", "users.json"))
    if args.action == "add":
        user = accounts.add(args.name, args.role, _password(args))
        print(f"added {user.name} ({user.role}) to {accounts.path}")
    elif args.action == "list":
        users = accounts.users()
        if not users:
            print(f"no users in {accounts.path} (add one: rag users add NAME --role admin)")
        for u in users:
            print(f"{u.name:20s} {u.role:7s} {u.keys} API key(s)")
    elif args.action == "remove":
        accounts.remove(args.name)
        print(f"removed {args.name}")
    elif args.action == "passwd":
        accounts.passwd(args.name, _password(args))
        print(f"password of {args.name} changed")
    elif args.action == "key":
        key = accounts.new_key(args.name)
        print(f"API key for {args.name} (shown once; send it as 'Authorization: Bearer KEY'):\n{key}")
    return 0
