"""`rag index` and `rag library`: the index of the sources and of the documents kept in the library.

    rag index                      build or rebuild the index (sources + kept documents)
    rag index PATH... [--prepare]  keep PATH's documents in the library and index them with the sources
    rag library [--remove ID]      list the kept documents with their paragraph counts; stop keeping one
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from ..access import audit
from ..access.backend import audit_of
from ..documents.library import Library
from ..errors import SettingsError
from ..settings import Settings
from .common import settings_from, warm


def register(sub: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:
    ix = sub.add_parser("index", help="build the index, or keep documents in the library and index them",
                        description="Without PATHs: build or rebuild the index of the sources setting (seeds/) and "
                                    "the kept documents. With PATHs (files or folders of .txt, .md, .pdf, .docx): "
                                    "keep copies of them in the library (library_dir, default <cache>/library; the "
                                    "same store as the UI's library) and index them with the sources. All or "
                                    "nothing: a bad document or a failed build keeps nothing.")
    ix.add_argument("paths", nargs="*", help="documents or folders to keep and index")
    ix.add_argument("--prepare", action="store_true",
                    help="also save the prompt opening of every paragraph in both languages, so that first questions "
                         "are fast (~1 s and ~12 MB a paragraph and language with the 1.5B; skipped when over half "
                         "of state_cache_mb)")
    ix.set_defaults(run=lambda a: cmd_index(a, settings_from(a)))
    lib = sub.add_parser("library", help="list the kept documents, or remove one, or copy them into PostgreSQL",
                         description="List the documents kept in the library with their paragraph counts; "
                                     "--remove ID stops keeping one and rebuilds the index without it. "
                                     "`rag library migrate --to postgresql://...` copies the folder library, the "
                                     "users file and the audit log into the database and checks the copy.")
    lib.add_argument("action", nargs="?", choices=["migrate"], help="migrate: copy the folder library into --to")
    lib.add_argument("--to", metavar="URL", help="migrate: the PostgreSQL database (postgresql://USER@HOST:PORT/DB)")
    lib.add_argument("--remove", metavar="ID", help="the entry id (first column of the list) to remove")
    lib.set_defaults(run=lambda a: cmd_library(a, settings_from(a)))
    for p in (ix, lib):
        p.add_argument("--library-dir", help="where kept documents live (default: <cache>/library)")
    return [ix, lib]


def _who() -> str:
    """The account of whoever runs the command (the audit log's user for the command line)."""
    import getpass

    try:
        return f"{getpass.getuser()} (shell)"
    except (KeyError, OSError):
        return "(shell)"


def _settings(args: argparse.Namespace, s: Settings) -> Settings:
    return s.with_overrides(library_dir=getattr(args, "library_dir", None))


def _builder(s: Settings, progress: bool = True):  # noqa: ANN202 - settings -> the built Stored
    from ..indexing.embedders import make_embedder
    from ..indexing.indexer import build

    embedder = make_embedder(s)
    return embedder, lambda settings: build(settings, embedder, None, progress=progress)


def cmd_index(args: argparse.Namespace, s: Settings) -> int:
    s = _settings(args, s)
    if s.database_url and s.library:
        from . import pglibrary

        return pglibrary.cmd_index(args, s, _who())
    library = Library.of(s)
    embedder, build = _builder(s)
    start, built = time.perf_counter(), []
    if args.paths:
        added = library.add(s, [Path(p) for p in args.paths], lambda settings: built.append(build(settings)))
        for e in added:
            audit_of(s).record(_who(), "cli", "keep", e.id, e.name, e.path)
        kept = ", ".join(f"{e.name} ({e.id})" for e in added) or "nothing new (the same text is already kept)"
        print(f"kept in {library.folder}: {kept}")
    full = library.settings(s)
    stored = built[-1] if built else build(full)
    m = stored.manifest
    print(f"indexed {m.paragraphs} paragraphs from {len(m.sources)} document(s) "
          f"with {m.embedder} in {time.perf_counter() - start:.1f}s -> {full.path(full.index_dir)}")
    if args.prepare:
        warm(full, stored, embedder)
    return 0


def cmd_library(args: argparse.Namespace, s: Settings) -> int:
    from ..indexing.store import read

    s = _settings(args, s)
    if args.action == "migrate" or s.database_url and s.library:
        from . import pglibrary

        if args.action == "migrate":
            if not args.to:
                raise SettingsError("rag library migrate needs --to postgresql://USER@HOST:PORT/DATABASE")
            return pglibrary.cmd_migrate(args, s)
        return pglibrary.cmd_library(args, s, _who())
    library = Library.of(s)
    if args.remove:
        _, build = _builder(s)
        sha = audit.sha256_of(next((e.path for e in library.entries() if e.id == args.remove), None))
        gone = library.remove(s, args.remove, build)
        audit_of(s).record(_who(), "cli", "remove", gone.id, gone.name, sha256=sha)
        print(f"removed {gone.name} ({gone.id}) from {library.folder}")
    entries = library.entries()
    if not entries:
        print(f"the library at {library.folder} keeps no documents (add some: rag index PATH)")
        return 0
    counts = Counter(p.source for p in read(library.index_dir).paragraphs) if library.index_dir.exists() else Counter()
    for e in entries:
        print(f"{e.id}  {counts.get(e.name, 0):5d} paragraphs  {e.name}")
    return 0
