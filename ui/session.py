"""One browser session's state: its chat, its earlier questions, and its own Bot once it adds documents.

Kept in a `gr.State`, so every browser tab has its own; the shared Bot over the shipped article
is never changed.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag import Bot
from rag.shared import SharedBot


@dataclass
class Session:
    """What one browser session remembers between events."""

    messages: list[dict[str, Any]] = field(default_factory=list)  # the Chatbot's messages
    history: list[str] = field(default_factory=list)   # earlier questions, oldest first
    language: str | None = None                        # detected language of the last question
    bot: Bot | None = None                             # over the article + this session's documents
    documents: list[Path] = field(default_factory=list)
    folder: Path | None = None                         # where this session's uploads are kept

    def bot_or(self, shared: Bot) -> Bot:
        """This session's Bot when it has added documents, else the shared one."""
        return self.bot if self.bot is not None else shared


def cleanup(session: Session | None) -> None:
    """Delete a closed session's uploaded files (gr.State's delete_callback)."""
    if session is not None and session.folder is not None:
        shutil.rmtree(session.folder, ignore_errors=True)


def current(source: Bot | SharedBot) -> Bot:
    """The bot to answer with now: a shared one is reopened when another process changed the library."""
    return source.current() if isinstance(source, SharedBot) else source
