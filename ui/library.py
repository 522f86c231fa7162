"""The UI's library: documents kept for every session and after a restart (`rag.documents.library`, the same
store as `rag index PATH`). Keeping or removing one rebuilds the shared index and swaps the shared
Bot; a session that added documents of its own keeps answering over those until it resets them.
"""
from __future__ import annotations

import logging
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any, Callable

import gradio as gr

from rag import Bot, RagError, Settings
from rag.indexing.indexer import build, open_index
from rag.documents.library import Library

from .documents import status_html
from .render import article_html
from .session import Session
from .strings import STRINGS, Strings, ui_language
from .uploads import UploadError, check

log = logging.getLogger(__name__)
Result = tuple[str, str, Any, str]  # status, the library's list, the remove choices, the article view


class LibraryView:
    """Keeps and removes documents; `on_change(bot)` gets the new shared Bot."""

    def __init__(self, library: Library, base: Settings, bot: Bot, on_change: Callable[[Bot], None]) -> None:
        self.library, self.base, self.bot, self.on_change = library, base, bot, on_change

    def listing(self, strings: Strings) -> str:
        counts = Counter(p.source for p in self.bot.paragraphs)
        rows = [strings.library_row.format(name=escape(e.name), paragraphs=counts.get(e.name, 0))
                for e in self.library.entries()]
        body = f"<ul>{''.join(f'<li>{r}</li>' for r in rows)}</ul>" if rows else f"<p>{escape(strings.library_empty)}</p>"
        return f'<div class="rag-library"><b>{escape(strings.library_title)}</b>{body}</div>'

    def choices(self) -> Any:
        entries = self.library.entries()
        return gr.update(choices=[(e.name, e.id) for e in entries], value=None)

    def keep(self, files: list[str] | None, choice: str, session: Session,
             progress: gr.Progress = gr.Progress()) -> Result:  # noqa: B008 - Gradio's way to ask for progress
        strings = STRINGS[ui_language(choice, session.language)]
        paths = [Path(f) for f in files or []]

        def report(done: int, total: int) -> None:
            progress((done, total), desc=strings.indexing, unit="paragraphs")

        try:
            check(paths, 0, strings)
            built: list = []
            added = self.library.add(self.base, paths, lambda s: built.append(
                (s, build(s, self.bot.retriever.embedder, None, progress=False, callback=report))))
        except UploadError as exc:
            return self._result(status_html(str(exc), error=True), strings, session)
        except Exception as exc:  # the UI's boundary: a clear message, never a traceback; nothing kept
            if not isinstance(exc, RagError):
                log.exception("keeping %s failed", [p.name for p in paths])
            return self._result(status_html(strings.document_error.format(detail=exc), error=True), strings, session)
        if not added:
            names = ", ".join(p.name for p in paths)
            return self._result(status_html(strings.duplicates.format(names=names)), strings, session)
        self._swap(*built[-1])
        names = ", ".join(e.name for e in added)
        return self._result(status_html(strings.library_kept.format(names=names)), strings, session)

    def remove(self, entry_id: str | None, choice: str, session: Session) -> Result:
        strings = STRINGS[ui_language(choice, session.language)]
        if not entry_id:
            return self._result("", strings, session)
        built: list = []
        try:
            gone = self.library.remove(self.base, entry_id, lambda s: built.append(
                (s, build(s, self.bot.retriever.embedder, None, progress=False))))
        except Exception as exc:  # noqa: BLE001 - shown, never a traceback
            return self._result(status_html(strings.document_error.format(detail=exc), error=True), strings, session)
        if built:
            self._swap(*built[-1])
        else:  # nothing kept any more: back to the sources' own index
            self._swap(self.base, open_index(self.base, self.bot.retriever.embedder, progress=False))
        return self._result(status_html(strings.library_removed.format(name=gone.name)), strings, session)

    def _swap(self, settings: Settings, stored) -> None:  # noqa: ANN001 - a rag.indexing.store.Stored
        self.bot = Bot.from_stored(settings, stored, self.bot.retriever.embedder, self.bot.generator)
        self.on_change(self.bot)

    def _result(self, status: str, strings: Strings, session: Session) -> Result:
        return status, self.listing(strings), self.choices(), article_html(session.bot_or(self.bot).paragraphs)
