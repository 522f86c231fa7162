"""The `rag-ui` / `python -m ui` command: load the bot, log users in (when there are accounts), and
serve the app (`ui.app.build`), alone or on the same port as the HTTP API (`--api`).

>>> serve(build(Bot.load(), Path("/tmp/rag-ui")), "127.0.0.1", 7860)   # doctest: +SKIP
"""
from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable

import gradio as gr
from starlette.middleware import Middleware

from rag import Bot, RagError, Settings
from rag.access.accounts import Accounts
from rag.access.backend import accounts_of, limiter_of
from rag.access.network import ALL_INTERFACES, bind_address, guard, loopback
from rag.serve import logs
from rag.serve.app import create_app
from rag.serve.service import Service
from rag.shared import SharedBot

from .access import LOGIN_NOTE, ClientAddress, Logins
from .access import login as check_login
from .app import build
from .render import CSS
from .uploads import MAX_FILE_BYTES



def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="rag-ui", description="Browser chat over the article (Gradio).")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only); "
                   "any address but loopback serves the network and needs users (or --no-auth)")
    p.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    p.add_argument("--listen-all", action="store_true", help="bind 0.0.0.0: reachable from other machines")
    p.add_argument("--data-dir", type=Path, default=None,
                   help="where uploaded documents are kept, and the library in DIR/library (default: "
                        "<cache_dir>/ui, the library in <cache_dir>/library, the same as `rag index PATH`)")
    p.add_argument("--profile", choices=("quality", "fast"), default=None, help="generator profile")
    p.add_argument("--no-warm-up", action="store_true", help="load the generator on the first question")
    p.add_argument("--generator-backend", choices=("llama-cpp", "transformers", "openai"), default=None,
                   help="openai: an OpenAI-compatible server (llama.cpp's server, vLLM, Ollama)")
    p.add_argument("--generator-url", default=None, help="the server's address, e.g. http://127.0.0.1:8011/v1")
    p.add_argument("--generator-name", default=None, help="the served model (default: the first the server lists)")
    p.add_argument("--users-file", type=Path, default=None,
                   help="the accounts (rag users); when it exists, the UI asks for a login (default: "
                        "DIR/users.json with --data-dir, else <cache_dir>/users.json)")
    p.add_argument("--no-auth", action="store_true", help="no login even with --listen-all (a warning is printed)")
    p.add_argument("--api", action="store_true", help="also serve the HTTP API (rag serve's /v1/...) on the same port")
    return p.parse_args(argv)


def serve(demo: gr.Blocks, host: str, port: int | None, block: bool = True,
          auth: Callable[[str, str], bool] | None = None, api: Any = None, accounts: Accounts | None = None) -> str:
    """Queue requests (one model run at a time; none dropped) and serve `demo` (port None: a free one
    from 7860 on), behind `auth` (a login check) when given; returns its address. `api`: a FastAPI
    app (rag.serve) to serve on the same port, the UI mounted on it at "/"."""
    demo.queue(default_concurrency_limit=1)
    login = {"auth": auth, "auth_message": LOGIN_NOTE} if auth else {}
    middleware = [Middleware(ClientAddress)] + ([Middleware(Logins, accounts=accounts)] if accounts else [])
    if api is not None:
        return _serve_mounted(demo, api, host, port or 7860, block, login, middleware)
    _, url, _ = demo.launch(server_name=host, server_port=port, css=CSS, ssr_mode=False, quiet=True,
                            max_file_size=5 * MAX_FILE_BYTES, footer_links=["api"], prevent_thread_lock=True,
                            app_kwargs={"middleware": middleware}, **login)
    if block:
        demo.block_thread()
    return url


def _serve_mounted(demo: gr.Blocks, app: Any, host: str, port: int, block: bool, login: dict,
                   middleware: list[Middleware]) -> str:
    import time

    import uvicorn

    for m in middleware:
        app.add_middleware(m.cls, *m.args, **m.kwargs)
    gr.mount_gradio_app(app, demo, path="/", css=CSS, ssr_mode=False, max_file_size=5 * MAX_FILE_BYTES, **login)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=not block)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.05)
    if not server.started:
        raise OSError(f"cannot listen on {host}:{port}")
    if block:
        thread.join()
    demo.block_thread = thread.join  # what `main` waits on, as for a launched app
    return f"http://{host}:{port}/"


def main(argv: list[str] | None = None) -> None:
    """Load the bot, then serve the UI until interrupted; prints the address."""
    args = parse(argv)
    if args.host in (ALL_INTERFACES, "::", "") and not args.listen_all:
        sys.exit(f"rag-ui: binding to {args.host} makes the bot reachable from other machines; add --listen-all")
    host = bind_address(args.host, args.listen_all)
    index = "the index folder"
    try:
        settings = Settings.load()
        data_dir = (args.data_dir or settings.path(settings.cache_dir) / "ui").resolve()
        settings = settings.with_overrides(
            generator_profile=args.profile, generator_backend=args.generator_backend, generator_url=args.generator_url,
            generator_name=args.generator_name, library_dir=str(data_dir / "library") if args.data_dir else None)
        users = args.users_file or (data_dir / "users.json" if args.data_dir else None)
        settings = settings.with_overrides(users_file=str(users) if users else None,
                                           audit_log=str(data_dir / "audit.log") if args.data_dir else None)
        accounts = accounts_of(settings)
        warning = guard(accounts.exists(), host, args.no_auth)
        login = None if args.no_auth or not accounts.exists() else accounts
        index = str(settings.path(settings.index_dir))
        bot = Bot.load(settings)
        if not args.no_warm_up:
            getattr(bot.generator, "warm_up", lambda: None)()
            bot.retrieve("Scale AI")  # the first question's search does not pay for lazy set-up
    except RagError as exc:
        sys.exit(f"rag-ui: {exc}")
    except OSError as exc:  # e.g. an index folder so damaged that it cannot be rebuilt in place
        sys.exit(f"rag-ui: cannot start ({exc}); if the index is damaged, remove {index} and run `rag index`")
    if warning:
        print(f"rag-ui: {warning}", file=sys.stderr, flush=True)
    os.environ.setdefault("GRADIO_TEMP_DIR", str(data_dir / "gradio"))  # Gradio's own upload copies stay here
    shared = SharedBot(settings, bot)
    demo = build(shared, data_dir, settings, login)
    api = None
    if args.api:  # as `rag serve`: a line per request on stderr (settings log_format, log_level)
        logs.configure(settings.log_format, settings.log_level)
        api = create_app(Service(shared, login, shared.audit), local=loopback(host))
    try:
        serve(demo, host, args.port, block=False, auth=check_login(login, limiter_of(settings)) if login else None, api=api,
              accounts=login)
    except OSError as exc:
        sys.exit(f"rag-ui: cannot listen on {host}:{args.port}: {exc}")
    shown = "127.0.0.1" if host == "0.0.0.0" else host
    extra = f", the API at http://{shown}:{args.port}/v1" if api else ""
    users = f"login; users from {accounts.where}" if login else f"no login: no users in {accounts.where}"
    print(f"rag-ui: open http://{shown}:{args.port}/ in a browser{extra} ({users}; Ctrl+C to stop)", flush=True)
    demo.block_thread()
