"""`rag serve`: the bot over HTTP (OpenAI-compatible; see rag.serve.app), on 127.0.0.1 by default.

With a users file (`rag users add ...`) every request needs an API key (`rag users key NAME`); without
one the API is open, which `--listen-all` refuses unless `--no-auth` says so.
"""
from __future__ import annotations

import argparse
import sys

from ..errors import AccessError
from .common import settings_from


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    p = sub.add_parser("serve", help="serve the bot over HTTP (OpenAI-compatible API with keys)",
                       description="Serve POST /v1/chat/completions (OpenAI-compatible, streamed or not), POST /v1/ask, "
                                   "GET /v1/models and /v1/documents (POST and DELETE: editors) on 127.0.0.1. API keys "
                                   "come from `rag users key NAME`.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--listen-all", action="store_true", help="listen on every interface (0.0.0.0); needs users or --no-auth")
    p.add_argument("--no-auth", action="store_true", help="serve without API keys even to the network (a warning is printed)")
    p.add_argument("--users-file", help="the users file (default: <cache>/users.json)")
    p.add_argument("--library-dir", help="where kept documents live (default: <cache>/library)")
    p.set_defaults(run=run)
    return [p]


def guard(accounts_exist: bool, listen_all: bool, no_auth: bool) -> str:
    """The warning to print (or AccessError) for serving with or without logins.

    >>> guard(False, False, False), guard(True, True, False)
    ('', '')
    """
    if listen_all and not accounts_exist and not no_auth:
        raise AccessError("--listen-all serves every machine that can reach this one, and there are no users: "
                          "add one (rag users add NAME --role admin) or pass --no-auth to serve without logins")
    if no_auth and listen_all:
        return "WARNING: serving to the network with no login: anyone who can reach this machine can ask and change the library"
    return ""


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..access.accounts import Accounts
    from ..bot import Bot
    from ..serve.app import create_app
    from ..serve.service import Service
    from ..shared import SharedBot

    base = settings_from(args).with_overrides(users_file=args.users_file, library_dir=args.library_dir)
    accounts = Accounts(base.file("users_file", "users.json"))
    warning = guard(accounts.exists(), args.listen_all, args.no_auth)
    if warning:
        print(warning, file=sys.stderr)
    bot = Bot.load(base)
    shared = SharedBot(base, bot)
    service = Service(shared, None if args.no_auth or not accounts.exists() else accounts, shared.audit)
    host = "0.0.0.0" if args.listen_all else args.host
    print(f"rag serve: open http://{host}:{args.port}/v1 ({'API keys' if service.accounts else 'no login'})", flush=True)
    uvicorn.run(create_app(service), host=host, port=args.port, log_level="warning")
    return 0
