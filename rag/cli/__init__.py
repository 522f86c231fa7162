"""The `rag` command line: a module per command, dispatched from here.

    rag prepare [--no-warm]              verify weights, build the index, save prompt openings (set-up)
    rag ask "question" [--lang id|en] [--json]
    rag chat                             terminal chat
    rag index [PATH...] [--prepare]      build the index; keep PATH's documents in the library
    rag library [--remove ID]            the kept documents (rag library migrate --to URL: into PostgreSQL)
    rag users add|list|remove|passwd|key accounts and roles (rag-ui login, rag serve API keys)
    rag serve [--listen-all]             the bot over HTTP: OpenAI-compatible, API keys, roles
    rag db status|upgrade|import-accounts  the PostgreSQL database (database_url): schema, accounts
    rag eval / rag bench                 from the eval and bench packages (entry points `rag.commands`)
"""
from __future__ import annotations

import argparse
import sys
from importlib.metadata import entry_points

from ..errors import RagError
from . import ask, db, library, prepare, serve, users
from .common import settings_flags


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rag", description="Offline bilingual (id/en) question answering over documents, with cited paragraphs.")
    sub = p.add_subparsers(dest="command", required=True)
    for command in (prepare.register(sub), *ask.register(sub), *library.register(sub), *users.register(sub),
                    *serve.register(sub), *db.register(sub)):
        settings_flags(command)
    for plugin in entry_points(group="rag.commands"):  # e.g. `rag eval`, from the eval package
        plugin.load()(sub, settings_flags)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except RagError as exc:
        print(f"rag: error: {exc}", file=sys.stderr)
        return 2
