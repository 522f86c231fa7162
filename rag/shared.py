"""The bot several sessions and processes share: over the sources plus the library, reopened when
any process keeps or removes a library document.

The folder library (the default): each `current()` compares the library's version (`Library.version`:
its entries and the index build they point at) with the one this bot was opened at; when another
process changed it, the index is opened again (under the store's shared lock, so a build in progress is
never read half-written) and a new Bot shares this one's models. The check costs a directory listing.

The library in PostgreSQL (`database_url`): a thread LISTENs for the database's notifications
(rag.store.follow) and, on each, builds the new index in memory from the rows it lacks, BM25 included,
then swaps it in; `current()` only returns the bot. While the database is away the bot answers over
the library as it was, and catches up when the database returns.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from .access import audit
from .access.backend import audit_of
from .bot import Bot
from .documents.library import Entry, Library
from .errors import DocumentError
from .indexing.dblibrary import DbLibrary
from .indexing.indexer import Progress, build, open_index
from .settings import Settings


class SharedBot:
    def __init__(self, base: Settings, bot: Bot) -> None:
        """`base`: the settings before the library's documents are added (`Bot.load` adds them)."""
        self.base, self._bot = base, bot
        self.database = DbLibrary.of(base) if base.database_url and base.library else None
        self.library: Library | DbLibrary = self.database or Library.of(base)
        self.audit = audit_of(base)  # the audit_log file, or the database's audit table
        self._version: object = bot.library_version if self.database else self.library.version()
        self._lock, self._reloading = threading.Lock(), threading.Lock()
        self.listeners: list[Callable[[Bot], None]] = []  # told of each new bot (e.g. the UI's sessions)
        self.follower = None
        if self.database is not None:
            from .store.follow import Follower

            self.follower = Follower(self.database.db, self.reload).start()

    def current(self) -> Bot:
        """The bot over the library as it is now."""
        if self.database is None:
            version = self.library.version()
            if version != self._version:
                with self._lock:
                    if version != self._version:
                        self._open(version)
        return self._bot

    def keep(self, paths: list[Path], user: str, via: str, callback: Progress | None = None) -> list[Entry]:
        """Keep `paths` in the library (all or nothing, see `Library.add`), reopen the bot over it, and
        write each kept document to the audit log. The entries kept (none: all were there already)."""
        embedder = self._bot.retriever.embedder
        if self.database is not None:
            added = self.database.add(self.base, paths, embedder, user, callback)
            self.reload()
        else:
            built: list = []
            added = self.library.add(self.base, paths, lambda s: built.append(
                (s, build(s, embedder, None, progress=False, callback=callback))))
            if built:
                self._replace(self._bot.over(*built[-1]), self.library.version())
        for e in added:
            self.audit.record(user, via, "keep", e.id, e.name, e.path, e.sha256)
        if added and self.base.prepare_in_background:
            names = {e.name for e in added}
            self._bot.warm_in_background([p for p in self._bot.paragraphs if p.source in names])
        return added

    def remove(self, entry_id: str, user: str, via: str) -> Entry:
        """Stop keeping one document (DocumentError when there is none of that id), reopen, audit."""
        if self.database is not None:
            gone = self.database.remove(entry_id)
            if gone is None:
                raise DocumentError(f"no document {entry_id!r} in the library at {self.database.where}")
            self.reload()
            self.audit.record(user, via, "remove", gone.id, gone.name, sha256=gone.sha256)
            return gone
        built: list = []
        embedder = self._bot.retriever.embedder
        sha = audit.sha256_of(next((e.path for e in self.library.entries() if e.id == entry_id), None))
        gone = self.library.remove(self.base, entry_id, lambda s: built.append((s, build(s, embedder, None, progress=False))))
        settings, stored = built[-1] if built else (self.base, open_index(self.base, embedder, progress=False))
        self._replace(self._bot.over(settings, stored), self.library.version())
        self.audit.record(user, via, "remove", gone.id, gone.name, sha256=sha)
        return gone

    def reload(self) -> None:
        """The library in the database as it is now, when its version is not this bot's (one at a time;
        the index and BM25 are made before the swap, so no question waits for them)."""
        with self._reloading:
            if self.database is None or self.database.version() == self._version:
                return
            opened = self.database.open(self.base, self._bot.retriever.embedder)
            bot = self._bot.over(opened.settings, opened.stored)
            bot.library_version = opened.version
            bot.retriever.lexical  # noqa: B018 - BM25 built here, not on the next question
            self._replace(bot, opened.version)

    def close(self) -> None:
        """Stop following the database (the bot stays as it is)."""
        if self.follower is not None:
            self.follower.stop()

    def _replace(self, bot: Bot, version: object) -> None:
        with self._lock:
            self._bot, self._version = bot, version
        for tell in self.listeners:
            tell(bot)

    def _open(self, version: str) -> None:
        settings = self.library.settings(self.base)
        self._bot = self._bot.over(settings, open_index(settings, self._bot.retriever.embedder, progress=False))
        self._version = version
        for tell in self.listeners:
            tell(self._bot)
