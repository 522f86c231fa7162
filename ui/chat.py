"""The chat turn and the `ask` API endpoint: glue between Gradio events and `Bot.stream`."""
from __future__ import annotations

import logging
from html import escape
from typing import Any, Iterator, Literal

import gradio as gr

from rag import Bot, QuestionError, RagError
from rag.shared import SharedBot

from .render import answer_html, error_html, question_html, streaming_html
from .session import Session, current
from .strings import STRINGS, bot_language, ui_language

log = logging.getLogger(__name__)
Turn = tuple[str, list[dict[str, Any]], Session]


class Chat:
    """Answers questions with the session's Bot (or the shared one), streaming into the Chatbot."""

    def __init__(self, bot: Bot | SharedBot) -> None:
        self.source = bot

    @property
    def bot(self) -> Bot:
        return current(self.source)

    def respond(self, question: str, choice: str, mode: str | None, session: Session) -> Iterator[Turn]:
        """Yield (textbox value, chat messages, session) as the answer streams in.

        A bad question raises gr.Error before anything changes; the previous questions of the
        session are passed as `history` so that follow-ups are understood; `mode` is the answer
        mode (careful, balanced, eager; None: the bot's setting).
        """
        strings = STRINGS[ui_language(choice, session.language)]
        bot = session.bot_or(self.bot)
        mode = mode or bot.settings.answer_mode
        try:
            stream = bot.stream(question, bot_language(choice), history=list(session.history), mode=mode)
        except (QuestionError, ValueError) as exc:
            message = strings.question_error.format(detail=str(exc).rstrip("."))
            raise gr.Error(escape(message, quote=False), print_exception=False) from None
        messages = session.messages + [{"role": "user", "content": question_html(question)},
                                       {"role": "assistant", "content": streaming_html("", strings)}]
        session.messages = messages
        yield "", list(messages), session
        text = ""
        try:
            for piece in stream:  # the first piece is empty: retrieval is done, its paragraphs known
                text += piece
                messages[-1] = {"role": "assistant", "content": streaming_html(text, strings, stream.candidates)}
                yield "", list(messages), session
            answer = stream.answer
        except Exception as exc:  # the UI's boundary: show a message, never a traceback
            if not isinstance(exc, RagError):
                log.exception("answering %r failed", question)
            messages[-1] = {"role": "assistant", "content": error_html(strings.failure.format(detail=exc))}
            yield "", list(messages), session
            return
        session.history.append(answer.understood_as or answer.question or question)
        session.language = answer.language
        messages[-1] = {"role": "assistant", "content": answer_html(answer, STRINGS[answer.language], mode)}
        yield "", list(messages), session

    def clear(self, session: Session) -> tuple[list[dict[str, Any]], Session]:
        """A new chat: no messages, no history (documents stay)."""
        session.messages, session.history = [], []
        return [], session

    def ask(self, question: str, language: Literal["auto", "id", "en"] = "auto",
            mode: Literal["careful", "balanced", "eager"] | None = None) -> dict[str, Any]:
        """Answer one question over the shipped article; the answer as a dict (Answer.to_dict()).

        `language`: "auto" (the question's language), "id" or "en"; `mode`: the answer mode
        (default: the bot's setting).
        """
        try:
            return self.bot.ask(question, bot_language(language), mode=mode).to_dict()
        except (RagError, ValueError) as exc:
            raise gr.Error(escape(str(exc), quote=False), print_exception=False) from None
