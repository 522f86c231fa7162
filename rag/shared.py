"""The bot several sessions and processes share: over the sources plus the library, reopened when
any process keeps or removes a library document.

Each `current()` compares the library's version (`Library.version`: its entries and the index build
they point at) with the one this bot was opened at; when another process changed it, the index is
opened again (under the store's shared lock, so a build in progress is never read half-written) and a
new Bot shares this one's models. Asking is never blocked by the check: it costs a directory listing.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from .access import audit
from .access.backend import audit_of
from .bot import Bot
from .documents.library import Entry, Library
from .indexing.indexer import Progress, build, open_index
from .settings import Settings


class SharedBot:
    def __init__(self, base: Settings, bot: Bot) -> None:
        """`base`: the settings before the library's documents are added (`Bot.load` adds them)."""
        self.base, self._bot = base, bot
        self.library = Library.of(base)
        self.audit = audit_of(base)  # the audit_log file, or the database's audit table
        self._version = self.library.version()
        self._lock = threading.Lock()
        self.listeners: list[Callable[[Bot], None]] = []  # told of each new bot (e.g. the UI's sessions)

    def current(self) -> Bot:
        """The bot over the library as it is now."""
        version = self.library.version()
        if version != self._version:
            with self._lock:
                if version != self._version:
                    self._open(version)
        return self._bot

    def keep(self, paths: list[Path], user: str, via: str, callback: Progress | None = None) -> list[Entry]:
        """Keep `paths` in the library (all or nothing, see `Library.add`), reopen the bot over it, and
        write each kept document to the audit log. The entries kept (none: all were there already)."""
        built: list = []
        embedder = self._bot.retriever.embedder
        added = self.library.add(self.base, paths, lambda s: built.append(
            (s, build(s, embedder, None, progress=False, callback=callback))))
        if built:
            self._replace(self._bot.over(*built[-1]))
        for e in added:
            self.audit.record(user, via, "keep", e.id, e.name, e.path)
        if added and self.base.prepare_in_background:
            names = {e.name for e in added}
            self._bot.warm_in_background([p for p in self._bot.paragraphs if p.source in names])
        return added

    def remove(self, entry_id: str, user: str, via: str) -> Entry:
        """Stop keeping one document (DocumentError when there is none of that id), reopen, audit."""
        built: list = []
        embedder = self._bot.retriever.embedder
        sha = audit.sha256_of(next((e.path for e in self.library.entries() if e.id == entry_id), None))
        gone = self.library.remove(self.base, entry_id, lambda s: built.append((s, build(s, embedder, None, progress=False))))
        settings, stored = built[-1] if built else (self.base, open_index(self.base, embedder, progress=False))
        self._replace(self._bot.over(settings, stored))
        self.audit.record(user, via, "remove", gone.id, gone.name, sha256=sha)
        return gone

    def _replace(self, bot: Bot) -> None:
        with self._lock:
            self._bot, self._version = bot, self.library.version()
        for tell in self.listeners:
            tell(bot)

    def _open(self, version: str) -> None:
        settings = self.library.settings(self.base)
        self._bot = self._bot.over(settings, open_index(settings, self._bot.retriever.embedder, progress=False))
        self._version = version
        for tell in self.listeners:
            tell(self._bot)

