"""`rag serve`: the bot over HTTP (OpenAI-compatible; see rag.serve.app), on 127.0.0.1 by default.

With a users file (`rag users add ...`) every request needs an API key (`rag users key NAME`); without
one the API is open, which any address but loopback (`--listen-all`, `--host 192.168.1.5`, `--host
0.0.0.0`) refuses unless `--no-auth` says so (rag.access.network).
"""
from __future__ import annotations

import argparse
import sys

from ..access.network import bind_address, guard, loopback
from .common import settings_from


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    p = sub.add_parser("serve", help="serve the bot over HTTP (OpenAI-compatible API with keys)",
                       description="Serve POST /v1/chat/completions (OpenAI-compatible, streamed or not), POST /v1/ask, "
                                   "GET /v1/models and /v1/documents (POST and DELETE: editors) on 127.0.0.1. API keys "
                                   "come from `rag users key NAME`.")
    p.add_argument("--host", default="127.0.0.1",
                   help="the address to bind (default 127.0.0.1); any address but loopback serves the network "
                        "and needs users (or --no-auth), as --listen-all does")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--listen-all", action="store_true", help="listen on every interface (0.0.0.0); needs users or --no-auth")
    p.add_argument("--no-auth", action="store_true", help="serve without API keys even to the network (a warning is printed)")
    p.add_argument("--users-file", help="the users file (default: <cache>/users.json)")
    p.add_argument("--library-dir", help="where kept documents live (default: <cache>/library)")
    p.add_argument("--log-format", choices=["text", "json"],
                   help="the log on stderr, a line per request: text, or JSON lines for a log collector (setting log_format)")
    p.add_argument("--log-level", choices=["debug", "info", "warning"],
                   help="info: a line per request; debug: with its question; warning: failures only (setting log_level)")
    p.set_defaults(run=run)
    return [p]


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from ..access.backend import accounts_of
    from ..bot import Bot
    from ..lang import foreign
    from ..serve import logs
    from ..serve.app import create_app
    from ..serve.service import Service
    from ..shared import SharedBot

    base = settings_from(args).with_overrides(users_file=args.users_file, library_dir=args.library_dir,
                                              log_format=args.log_format, log_level=args.log_level)
    logs.configure(base.log_format, base.log_level)
    accounts = accounts_of(base)
    host = bind_address(args.host, args.listen_all)
    warning = guard(accounts.exists(), host, args.no_auth)
    if warning:
        print(warning, file=sys.stderr)
    bot = Bot.load(base)
    bot.retrieve("Scale AI")  # the first question's search and language check do not pay for lazy set-up
    foreign("Scale AI")
    shared = SharedBot(base, bot)
    service = Service(shared, None if args.no_auth or not accounts.exists() else accounts, shared.audit)
    login = f"API keys, users from {accounts.where}" if service.accounts else "no login"
    print(f"rag serve: open http://{host}:{args.port}/v1 ({login})", flush=True)
    uvicorn.run(create_app(service, local=loopback(host)), host=host, port=args.port, log_level="warning")
    return 0
