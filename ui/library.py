"""The UI's library: documents kept for every session and after a restart (`rag.documents.library`, the same
store as `rag index PATH`). Keeping or removing one rebuilds the shared index and swaps the shared
Bot (`rag.shared.SharedBot`, which other processes over the same library notice too); a session that
added documents of its own keeps answering over those until it resets them. Only an editor or an
admin may change the library: the buttons are hidden from a reader, and refused here anyway.
"""
from __future__ import annotations

import logging
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from rag import RagError
from rag.access.accounts import Accounts
from rag.shared import SharedBot

from .access import allowed, role_of, user_of
from .documents import status_html
from .render import article_html
from .session import Session
from .strings import STRINGS, Strings, ui_language
from .uploads import UploadError, check

log = logging.getLogger(__name__)
Result = tuple[str, str, Any, str]  # status, the library's list, the remove choices, the article view


class LibraryView:
    """Keeps and removes documents through the shared bot, as the logged-in user."""

    def __init__(self, shared: SharedBot, accounts: Accounts | None = None) -> None:
        self.shared, self.library, self.accounts = shared, shared.library, accounts

    def listing(self, strings: Strings) -> str:
        counts = Counter(p.source for p in self.shared.current().paragraphs)
        rows = [strings.library_row.format(name=escape(e.name), paragraphs=counts.get(e.name, 0))
                for e in self.library.entries()]
        body = f"<ul>{''.join(f'<li>{r}</li>' for r in rows)}</ul>" if rows else f"<p>{escape(strings.library_empty)}</p>"
        return f'<div class="rag-library"><b>{escape(strings.library_title)}</b>{body}</div>'

    def choices(self) -> Any:
        entries = self.library.entries()
        return gr.update(choices=[(e.name, e.id) for e in entries], value=None)

    def controls(self, request: gr.Request) -> list[Any]:
        """The keep and remove controls, shown only to a role that may change the library."""
        show = allowed(self.accounts, request, "library")
        return [gr.update(visible=show)] * 3

    def keep(self, files: list[str] | None, choice: str, session: Session, request: gr.Request,
             progress: gr.Progress = gr.Progress()) -> Result:  # noqa: B008 - Gradio's way to ask for progress
        strings = STRINGS[ui_language(choice, session.language)]
        if not allowed(self.accounts, request, "library"):
            return self._refused(strings, session, request)
        paths = [Path(f) for f in files or []]

        def report(done: int, total: int) -> None:
            progress((done, total), desc=strings.indexing, unit="paragraphs")

        try:
            check(paths, 0, strings)
            added = self.shared.keep(paths, user_of(request), "ui", report)
        except UploadError as exc:
            return self._result(status_html(str(exc), error=True), strings, session)
        except Exception as exc:  # the UI's boundary: a clear message, never a traceback; nothing kept
            if not isinstance(exc, RagError):
                log.exception("keeping %s failed", [p.name for p in paths])
            return self._result(status_html(strings.document_error.format(detail=exc), error=True), strings, session)
        if not added:
            names = ", ".join(p.name for p in paths)
            return self._result(status_html(strings.duplicates.format(names=names)), strings, session)
        names = ", ".join(e.name for e in added)
        return self._result(status_html(strings.library_kept.format(names=names)), strings, session)

    def remove(self, entry_id: str | None, choice: str, session: Session, request: gr.Request) -> Result:
        strings = STRINGS[ui_language(choice, session.language)]
        if not allowed(self.accounts, request, "library"):
            return self._refused(strings, session, request)
        if not entry_id:
            return self._result("", strings, session)
        try:
            gone = self.shared.remove(entry_id, user_of(request), "ui")
        except Exception as exc:  # noqa: BLE001 - shown, never a traceback
            return self._result(status_html(strings.document_error.format(detail=exc), error=True), strings, session)
        return self._result(status_html(strings.library_removed.format(name=gone.name)), strings, session)

    def _refused(self, strings: Strings, session: Session, request: gr.Request) -> Result:
        role = role_of(self.accounts, request) or "?"
        return self._result(status_html(strings.not_allowed.format(role=role), error=True), strings, session)

    def _result(self, status: str, strings: Strings, session: Session) -> Result:
        bot = session.bot_or(self.shared.current())
        return status, self.listing(strings), self.choices(), article_html(bot.paragraphs)
