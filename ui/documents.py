"""Adding a session's own documents: check, copy into the data directory, index with progress.

A refused upload leaves the session exactly as it was (its Bot, its documents, its files).
"""
from __future__ import annotations

import logging
import shutil
from html import escape
from pathlib import Path

import gradio as gr

from rag import Bot, RagError
from rag.shared import SharedBot

from .render import article_html
from .session import Session, current
from .strings import STRINGS, Strings, ui_language
from .uploads import (MAX_FILE_BYTES, MAX_FILES, SUFFIXES, UploadError, check, human_size, new_folder, remove,
                      safe_name, store)

log = logging.getLogger(__name__)
Result = tuple[str, Session, str]


def status_html(message: str, error: bool = False) -> str:
    """A status line under the upload box; errors in the error style."""
    kind = "rag-error" if error else "rag-status"
    return f'<div class="{kind}">{escape(message)}</div>'


def help_text(strings: Strings) -> str:
    """The limits, in the UI's language."""
    return strings.upload_help.format(files=MAX_FILES, size=human_size(MAX_FILE_BYTES), types=", ".join(SUFFIXES))


class Documents:
    """Builds a session's own Bot over the shipped article plus its uploaded documents."""

    def __init__(self, bot: Bot | SharedBot, data_dir: Path) -> None:
        self.source = bot
        self.data_dir = Path(data_dir)

    @property
    def bot(self) -> Bot:
        return current(self.source)

    def add(self, files: list[str] | None, choice: str, session: Session,
            progress: gr.Progress = gr.Progress()) -> Result:  # noqa: B008 - Gradio's way to ask for progress
        """Index the uploaded files with the article for this session; (status, session, article)."""
        strings = STRINGS[ui_language(choice, session.language)]
        paths = [Path(f) for f in files or []]
        try:
            check(paths, len(session.documents), strings)
        except UploadError as exc:
            return self._refuse(str(exc), session)
        new = session.folder is None
        folder = session.folder or new_folder(self.data_dir)
        stored = store(paths, folder)

        def report(done: int, total: int) -> None:
            progress((done, total), desc=strings.indexing, unit="paragraphs")

        def forget() -> None:
            remove(stored)
            if new:
                shutil.rmtree(folder, ignore_errors=True)

        try:
            # the combined index stays in the session's folder: removed with it, never in index/
            bot = session.bot_or(self.bot).with_documents(stored, progress=report, index_dir=folder / "index")
        except Exception as exc:  # the UI's boundary: a clear message, never a traceback
            forget()
            if not isinstance(exc, RagError):
                log.exception("indexing %s failed", [p.name for p in stored])
            return self._refuse(strings.document_error.format(detail=exc), session)
        # a file whose text is already indexed (an earlier upload, the article) is skipped by the
        # library: its copy goes too, so it neither shows as added nor counts against the limit
        indexed = {p.resolve() for p in bot.files}
        added = [p for p in stored if p in indexed]
        if added and bot.settings.prepare_in_background:  # their openings saved while the user reads
            names = {p.name for p in added}
            bot.warm_in_background([p for p in bot.paragraphs if p.source in names])
        copies = [(path, copy) for path, copy in zip(paths, stored) if copy not in indexed]
        duplicates = strings.duplicates.format(names=", ".join(safe_name(p.name) for p, _ in copies)) if copies else ""
        if not added:
            forget()
            return status_html(duplicates), session, article_html(session.bot_or(self.bot).paragraphs)
        remove([copy for _, copy in copies])
        session.bot, session.documents, session.folder = bot, session.documents + added, folder
        ready = strings.documents_ready.format(names=", ".join(p.name for p in added))
        return status_html(f"{ready} {duplicates}".strip()), session, article_html(bot.paragraphs)

    def reset(self, choice: str, session: Session) -> Result:
        """Forget this session's documents: answer over the shipped article only."""
        strings = STRINGS[ui_language(choice, session.language)]
        remove(session.documents)
        session.bot, session.documents = None, []
        return status_html(strings.documents_reset), session, article_html(self.bot.paragraphs)

    def _refuse(self, message: str, session: Session) -> Result:
        return status_html(message, error=True), session, article_html(session.bot_or(self.bot).paragraphs)
