"""`rag index` and `rag library` over the library in PostgreSQL (`database_url`), and
`rag library migrate --to postgresql://...`: the folder library, the users file and the audit log copied
into the database, then checked (the counts; the same paragraphs found over both for a sample of
questions). The folder and the files are left as they are; `database_url` switches to the copy.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from ..documents.library import Library
from ..errors import DocumentError
from ..settings import Settings
from .common import warm


def cmd_index(args: argparse.Namespace, s: Settings, who: str) -> int:
    """Keep PATHs in the database's library (or embed it again when the settings changed), then open it."""
    from ..access.backend import audit_of
    from ..indexing.dblibrary import DbLibrary
    from ..indexing.embedders import make_embedder

    library, embedder, start = DbLibrary.of(s), make_embedder(s), time.perf_counter()
    if args.paths:
        added = library.add(s, [Path(p) for p in args.paths], embedder, who)
        for e in added:
            audit_of(s).record(who, "cli", "keep", e.id, e.name, sha256=e.sha256)
        kept = ", ".join(f"{e.name} ({e.id})" for e in added) or "nothing new (the same text is already kept)"
        print(f"kept in {library.where}: {kept}")
    elif library.stale(s, embedder):
        print(f"embedding the library in {library.where} again ({library.stale(s, embedder)})")
        print(f"{library.reembed(s, embedder)} paragraphs embedded with {embedder.name}")
    opened = library.open(s, embedder, progress=True)
    m = opened.stored.manifest
    print(f"indexed {m.paragraphs} paragraphs from {len(m.sources)} document(s) with {m.embedder} in "
          f"{time.perf_counter() - start:.1f}s: the sources in {s.path(s.index_dir)}, the library in {library.where}")
    if args.prepare:
        warm(s, opened.stored, embedder)
    return 0


def cmd_library(args: argparse.Namespace, s: Settings, who: str) -> int:
    """List the documents kept in the database, or remove one."""
    from ..access.backend import audit_of
    from ..indexing.dblibrary import DbLibrary
    from ..store.rows import listing

    library = DbLibrary.of(s)
    if args.remove:
        gone = library.remove(args.remove)
        if gone is None:
            raise DocumentError(f"no document {args.remove!r} in the library at {library.where}")
        audit_of(s).record(who, "cli", "remove", gone.id, gone.name, sha256=gone.sha256)
        print(f"removed {gone.name} ({gone.id}) from {library.where}")
    kept = listing(library.db)[1]
    if not kept:
        print(f"the library at {library.where} keeps no documents (add some: rag index PATH)")
    for k in kept:
        print(f"{k.id}  {k.paragraphs:5d} paragraphs  {k.name}  (kept by {k.kept_by}, {k.kept_at})")
    return 0


def cmd_migrate(args: argparse.Namespace, s: Settings) -> int:
    from ..access.audit import FileAudit
    from ..indexing.dblibrary import DbLibrary
    from ..indexing.embedders import make_embedder
    from ..indexing.migrate import migrate
    from ..store import schema
    from ..store.db import Database, shown
    from .db import _import

    target = s.with_overrides(database_url=args.to)  # a bad URL: SettingsError saying what one looks like
    for m in schema.upgrade(Database(target.database_url)):
        print(f"applied migration {m.version}: {m.title}")
    folder, embedder = Library.of(s), make_embedder(s)
    kept_by = {r["entry"]: r["user"] for r in FileAudit(s.file("audit_log", "audit.log")).read() if r["action"] == "keep"}
    database = DbLibrary.of(target)
    done = migrate(folder, target, database, embedder, kept_by)
    print(f"documents: {done.documents} in {folder.folder}, {done.documents_new} copied, "
          f"{done.documents - done.documents_new} there already; all {done.documents} are in {shown(target.database_url)} "
          f"with their {done.paragraphs} paragraphs ({done.vectors_reused} vectors from the folder's index, "
          f"{done.paragraphs - done.vectors_reused} embedded again)")
    _import(target)
    asked, same = compare(folder, target, database, embedder)
    print(f"retrieval: {same} of {asked} sampled questions find the same paragraphs over both libraries")
    print(f"set database_url = \"{shown(target.database_url)}\" (or $RAG_DATABASE_URL) to use it; "
          f"the folder library and the files are left as they are")
    return 0 if same == asked else 1


def compare(folder: Library, base: Settings, database, embedder, sample: int = 5) -> tuple[int, int]:  # noqa: ANN001
    """Questions made of sampled kept paragraphs' first words, searched over the folder's index and the
    database's library: (asked, with the same hits in the same order)."""
    from ..errors import IndexStateError
    from ..indexing.store import read
    from ..search.retrieve import Retriever

    try:
        stored = read(folder.index_dir)
    except IndexStateError:
        return 0, 0
    ours = database.open(base, embedder).stored
    kept = {e.name for e in folder.entries()}
    texts = [p for p in stored.paragraphs if p.source in kept and not p.is_heading]
    picked = [texts[i] for i in np.linspace(0, len(texts) - 1, min(sample, len(texts))).astype(int)] if texts else []
    over = [Retriever(stored.paragraphs, stored.index, embedder, folder.settings(base)),
            Retriever(ours.paragraphs, ours.index, embedder, base)]
    same = 0
    for p in picked:
        question = " ".join(p.text.split()[:12])
        found = [[(h.paragraph.source, h.paragraph.text) for h in r.search(question, p.language).hits] for r in over]
        same += found[0] == found[1]
    return len(picked), same
