"""The library: documents a person keeps, indexed once with the shipped sources, still there after
a restart. `rag index PATH` and the UI's library are this one store (`library_dir`, default
`<cache_dir>/library`).

Layout: `docs/<entry>/<file>` (one entry a document) and `docs/<entry>/.kept` once the entry is
complete; `index/` (the index of the sources plus every kept document); `.lock`.

Adding is all or nothing. A new entry is written, the index is built over every kept document
plus it (a build is swapped in atomically, see `rag.indexing.store`), and only then is the entry marked
kept (one atomic file creation). A failure removes the entry; a crash or kill before the mark
leaves an unmarked entry, which is never listed and is cleared by the next change, and an index
that no longer matches the kept documents, which is rebuilt when it is next opened. Changes hold
an exclusive lock on the library, so two adds at once run one after the other.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .corpus import find_sources
from ..errors import DocumentError
from ..settings import Settings
from ..locks import lock

KEPT = ".kept"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Entry:
    """One kept document: its entry id (also its order: ids sort by the time they were added), and its
    file (None in the database's library, rag.indexing.dblibrary, which gives its SHA-256 instead)."""

    id: str
    name: str
    path: Path | None
    sha256: str = ""


def folder_of(settings: Settings) -> Path:
    return settings.folder("library")


class Library:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.docs = self.folder / "docs"
        self.index_dir = self.folder / "index"

    @classmethod
    def of(cls, settings: Settings) -> "Library":
        return cls(folder_of(settings))

    def entries(self) -> list[Entry]:
        """The kept documents, oldest first (an entry without its mark is not kept)."""
        if not self.docs.is_dir():
            return []
        out = []
        for entry in sorted(d for d in self.docs.iterdir() if d.is_dir() and (d / KEPT).exists()):
            file = _file(entry)
            if file is not None:
                out.append(Entry(entry.name, file.name, file))
        return out

    def version(self) -> str:
        """Changes whenever a document is kept or removed, by any process: the kept entries and the
        build their index points at (cheap: one directory listing and one link read)."""
        current = self.index_dir / "current"
        try:
            build = os.readlink(current)
        except OSError:
            build = ""
        return "|".join([e.id for e in self.entries()] + [build])

    def settings(self, base: Settings) -> Settings:
        """`base` over the sources plus the kept documents, indexed in the library; `base` itself
        when nothing is kept (or the library is off)."""
        kept = self.entries()
        if not base.library or not kept:
            return base
        return self._with(base, [e.path for e in kept])

    def add(self, base: Settings, paths: list[Path], build: Callable[[Settings], object]) -> list[Entry]:
        """Keep copies of `paths` (files or folders) and rebuild the index with them by
        `build(settings)`; the entries added (a document whose content is already kept or among the
        sources is skipped). Nothing changes when a document cannot be read or the build fails."""
        files = find_sources([Path(p) for p in paths])
        with lock(self.folder):
            self._clear_unfinished()
            kept = [e.path for e in self.entries()]
            present = source_files(base) + kept
            known, names = {_digest(f) for f in present}, {f.name for f in present}
            new: list[Path] = []
            for f in files:
                digest = _digest(f)
                if digest in known:
                    continue
                known.add(digest)
                entry = self.docs / new_id()
                entry.mkdir(parents=True)
                target = entry / unique(f.name, names)
                names.add(target.name)
                shutil.copyfile(f, target)
                new.append(entry)
            if not new:
                return []
            try:
                build(self._with(base, kept + [_file(d) for d in new]))
            except BaseException:
                for entry in new:
                    shutil.rmtree(entry, ignore_errors=True)
                raise
            for entry in new:
                (entry / KEPT).touch()
        ids = {d.name for d in new}
        return [e for e in self.entries() if e.id in ids]

    def remove(self, base: Settings, entry_id: str, build: Callable[[Settings], object]) -> Entry:
        """Stop keeping one document and rebuild the index without it."""
        with lock(self.folder):
            match = [e for e in self.entries() if e.id == entry_id]
            if not match:
                raise DocumentError(f"no document {entry_id!r} in the library at {self.folder}")
            (self.docs / entry_id / KEPT).unlink()  # unlisted at once; the files go below
            shutil.rmtree(self.docs / entry_id, ignore_errors=True)
            if self.entries():
                build(self.settings(base))
            else:
                shutil.rmtree(self.index_dir, ignore_errors=True)
        return match[0]

    def _with(self, base: Settings, files: list[Path]) -> Settings:
        return base.with_overrides(sources=tuple(base.sources) + tuple(str(f) for f in files),
                                   index_dir=str(self.index_dir))

    def _clear_unfinished(self) -> None:
        """Entries a crash or kill left without their mark."""
        if self.docs.is_dir():
            for d in self.docs.iterdir():
                if d.is_dir() and not (d / KEPT).exists():
                    shutil.rmtree(d, ignore_errors=True)


def new_id() -> str:
    """A new entry id: ids sort by the time they were made."""
    return f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"


def source_files(settings: Settings) -> list[Path]:
    try:
        return find_sources([settings.path(s) for s in settings.sources])
    except DocumentError:
        return []


def _file(entry: Path) -> Path | None:
    """The document of an entry (its one file beside the mark)."""
    return next((f for f in entry.iterdir() if f.is_file() and f.name != KEPT), None)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unique(name: str, taken: set[str]) -> str:
    """`name` cleaned of folder parts and odd characters, made distinct from `taken` ("a-2.pdf")."""
    name = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip(". ") or "document"
    stem, dot, suffix = name.rpartition(".")
    stem, suffix = (stem, dot + suffix) if dot else (name, "")
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}{suffix}", n + 1
    return candidate
