"""The public API: `Bot.load()`, then `ask()` or `stream()`.

>>> from rag import Bot
>>> bot = Bot.load()
>>> a = bot.ask("Berapa persen saham Scale AI yang dibeli Meta?")
>>> a.language, a.answered, [c.paragraph for c in a.citations]
('id', True, [26])
"""
from __future__ import annotations

import time
import unicodedata
from typing import Any, Generator, Iterator

from . import prompt
from .embedders import Embedder, make_embedder
from .errors import QuestionError
from .generate import Generator as TextGenerator
from .generate import make_generator
from .indexer import open_index
from .lang import resolve
from .retrieve import Retriever
from .settings import Settings
from .texts import LANGUAGES
from .types import Answer, Citation, Hit, Paragraph, Retrieval


class Stream:
    """Iterate to get the answer's text pieces as they are generated; then read `.answer`."""

    def __init__(self, run: Generator[str, None, Answer]) -> None:
        self._run = run
        self._answer: Answer | None = None

    def __iter__(self) -> Iterator[str]:
        while self._answer is None:
            try:
                yield next(self._run)
            except StopIteration as done:
                self._answer = done.value

    @property
    def answer(self) -> Answer:
        """The final Answer (finishes generation first if the stream was not read to the end)."""
        for _ in self:
            pass
        assert self._answer is not None
        return self._answer


class Bot:
    """Retrieval + generation over the indexed corpus. Models load lazily, once."""

    def __init__(self, settings: Settings, paragraphs: list[Paragraph], index: object,
                 embedder: Embedder, generator: TextGenerator | None = None) -> None:
        self.settings = settings
        self.paragraphs = paragraphs
        self.retriever = Retriever(paragraphs, index, embedder, settings)
        self._generator = generator

    @classmethod
    def load(cls, settings: Settings | None = None, progress: bool = True, **overrides: Any) -> "Bot":
        """Open the index (building it from the sources when missing or stale) and return a Bot.

        Keyword overrides are settings: `Bot.load(generator_profile="fast", top_k=4)`.
        """
        settings = (settings or Settings.load()).with_overrides(**overrides)
        embedder = make_embedder(settings)
        stored = open_index(settings, embedder, progress=progress)
        return cls(settings, stored.paragraphs, stored.index, embedder)

    @property
    def generator(self) -> TextGenerator:
        if self._generator is None:
            self._generator = make_generator(self.settings)
        return self._generator

    def check(self, question: str) -> str:
        """The question, normalised; QuestionError when empty or too long."""
        if not isinstance(question, str):
            raise QuestionError(f"the question must be text, not {type(question).__name__}")
        text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in question)
        text = " ".join(text.split())
        if not text:
            raise QuestionError("the question is empty: type a question about the article")
        limit = self.settings.max_question_chars
        if len(text) > limit:
            raise QuestionError(f"the question is {len(text):,} characters long; the limit is {limit:,}")
        return text

    def retrieve(self, question: str, language: str | None = None, mode: str | None = None) -> Retrieval:
        q = self.check(question)
        return self.retriever.search(q, resolve(language, q), mode=mode)

    def ask(self, question: str, language: str | None = None) -> Answer:
        """Answer `question` in its language (or `language`: "id"/"en"), citing paragraphs."""
        return self.stream(question, language).answer

    def stream(self, question: str, language: str | None = None) -> Stream:
        """Like `ask`, but yields the answer text as it is generated. Bad questions raise at once."""
        q = self.check(question)
        return Stream(self._run(q, resolve(language, q)))

    def _run(self, question: str, language: str) -> Generator[str, None, Answer]:
        start = time.perf_counter()
        lang = LANGUAGES[language]
        found = self.retriever.search(question, language)

        def finish(text: str, answered: bool, citations: list[Citation]) -> Answer:
            return Answer(text, language, answered, citations, question, round(time.perf_counter() - start, 3))

        if not found.hits or found.best_dense < self.settings.min_dense_score:
            yield lang.not_found
            return finish(lang.not_found, False, [])
        messages = prompt.build_messages(question, found.hits, language)
        reply = ""
        streamed = False
        for piece in self.generator.stream(messages, self.settings.max_new_tokens):
            reply += piece
            if not streamed:
                head = reply.strip().upper()
                if lang.sentinel.startswith(head) or head.startswith(lang.sentinel):
                    if head.startswith(lang.sentinel):
                        break  # the model refuses: stop generating
                    continue  # could still become the sentinel: hold it back
                streamed = True
                piece = reply
            yield piece
        if prompt.is_refusal(reply, language):
            if not streamed:
                yield lang.not_found
            return finish(lang.not_found, False, [])
        allowed = {h.paragraph.number for h in found.hits}
        text = prompt.clean(reply, allowed)
        if not streamed:
            yield text
        return finish(text, True, citations(text, found.hits))


def citations(text: str, hits: list[Hit]) -> list[Citation]:
    """The hits the answer's markers name, in order; all hits when it names none."""
    by_number = {h.paragraph.number: h for h in hits}
    used = [by_number[n] for n in prompt.cited_numbers(text) if n in by_number] or hits
    return [Citation(h.paragraph.number, h.paragraph.source, h.paragraph.text, round(h.score, 4),
                     h.paragraph.section) for h in used]
