"""The public API: `Bot.load()`, then `ask()` or `stream()`.

>>> from rag import Bot
>>> bot = Bot.load()
>>> a = bot.ask("Berapa persen saham Scale AI yang dibeli Meta?")
>>> a.language, a.answered, [c.paragraph for c in a.citations]
('id', True, [2])
"""
from __future__ import annotations

import sys
import threading
import unicodedata
from pathlib import Path
from typing import Any, Generator

from .answer import flow, openings, prompt
from .answer.decide import MODES, Decider
from .documents.library import Library
from .errors import QuestionError, SettingsError
from .generators import Generator as TextGenerator
from .generators import make_generator
from .indexing.embedders import Embedder, make_embedder
from .indexing.indexer import Progress, extend, open_index
from .indexing.store import Stored
from .lang import foreign, resolve
from .search.context import Windows
from .search.retrieve import Retriever
from .settings import Settings
from .stream import Stream
from .texts import LANGUAGES, UNSUPPORTED
from .types import Answer, Paragraph, Retrieval

class Bot:
    """Retrieval + generation over the indexed corpus. Models load lazily, once."""

    def __init__(self, settings: Settings, paragraphs: list[Paragraph], index: object,
                 embedder: Embedder, generator: TextGenerator | None = None, files: list[Path] | None = None) -> None:
        self.settings = settings
        self.paragraphs = paragraphs
        self.files = list(files or [])  # the documents the index was built from
        self.retriever = Retriever(paragraphs, index, embedder, settings)
        self.windows = Windows(embedder)
        self._generator = generator
        self._decider: Decider | None = None
        self._asking = 0  # questions being answered now (background work waits while there are any)
        self.library_version: int | None = None  # the version of the library in the database it answers over

    @classmethod
    def load(cls, settings: Settings | None = None, progress: bool = True, **overrides: Any) -> "Bot":
        """Open the index (building it from the sources when missing or stale) and return a Bot.

        Keyword overrides are settings: `Bot.load(generator_profile="fast", top_k=4)`. Documents kept
        in the library (`rag index PATH`, the UI's library; in PostgreSQL with `database_url`) are answered
        over too (`library=False`: not).
        """
        settings = (settings or Settings.load()).with_overrides(**overrides)
        if settings.database_url and settings.library:  # the library in PostgreSQL (rag.indexing.dblibrary)
            from .indexing.dblibrary import DbLibrary

            embedder = make_embedder(settings)
            opened = DbLibrary.of(settings).open(settings, embedder, progress)
            bot = cls.from_stored(opened.settings, opened.stored, embedder)
            bot.library_version = opened.version
            return bot
        settings = Library.of(settings).settings(settings)  # the kept documents, when there are any
        embedder = make_embedder(settings)
        return cls.from_stored(settings, open_index(settings, embedder, progress=progress), embedder)

    @classmethod
    def from_stored(cls, settings: Settings, stored: Stored, embedder: Embedder,
                    generator: TextGenerator | None = None) -> "Bot":
        """A Bot over an opened index (see `rag.indexing.indexer`)."""
        files = [settings.path(p) for p in stored.manifest.paths]
        return cls(settings, stored.paragraphs, stored.index, embedder, generator, files)

    def with_documents(self, files: list[Path], progress: Progress | None = None,
                       index_dir: Path | None = None) -> "Bot":
        """A new Bot over this bot's documents plus `files` (.txt/.md), sharing its models (with the library
        in PostgreSQL: added in memory to this bot's index, `rag.indexing.uploads`).

        Every file is checked first (DocumentError names a bad one; nothing is built then). A file
        whose content is already indexed is skipped. The combined index is built in `index_dir`
        (default: beside this bot's, `<index_dir>/with-<digest>/`); this bot's index stays as it is.
        `progress(done, total)` is called while paragraphs are embedded.
        """
        if self.settings.database_url and self.settings.library:  # the library in PostgreSQL: added in memory
            return self._with_files_in_memory(files, progress)
        extended = extend(self.settings, self.retriever.embedder, self.files, files, progress, index_dir)
        if extended is None:
            return self
        return Bot.from_stored(*extended, self.retriever.embedder, self.generator)

    def _with_files_in_memory(self, files: list[Path], progress: Progress | None) -> "Bot":
        from .documents.corpus import read_source
        from .indexing.dblibrary import DbLibrary
        from .indexing.uploads import appended

        s = self.settings
        known = {read_source(f, s.max_document_bytes).sha256 for f in self.files}
        known |= {e.sha256 for e in DbLibrary.of(s).entries()}
        grown = appended(s, self.paragraphs, self.retriever.index, self.retriever.embedder, files, known, progress)
        if grown is None:
            return self
        bot = Bot(s, grown[0], grown[1], self.retriever.embedder, self.generator, self.files + grown[2])
        bot.library_version = self.library_version
        return bot

    def over(self, settings: Settings, stored: Stored) -> "Bot":
        """A Bot over another opened index (`settings` its own) sharing this one's models; a generator
        not loaded yet stays unloaded."""
        return Bot.from_stored(settings, stored, self.retriever.embedder, self._generator)

    def with_settings(self, **overrides: Any) -> "Bot":
        """The same index and models under other retrieval/answer settings (e.g. `retriever="dense"`);
        a `generator_*` setting gets a generator of its own (loaded on first use)."""
        settings = self.settings.with_overrides(**overrides)
        own = any(k.startswith("generator_") for k, v in overrides.items() if v is not None)
        bot = Bot(settings, self.paragraphs, self.retriever.index, self.retriever.embedder,
                  None if own else self.generator, self.files)
        bot.windows = self.windows  # sentence vectors already computed stay
        return bot

    def warm(self, progress: bool = True) -> int:
        """Evaluate and save (or load, when saved before) the prompt opening of every paragraph in
        both languages, so that a first question is as fast as a repeated one (`rag.answer.openings`).
        Returns how many openings were primed (0 with sentence windows, or when they would take more
        than half of `state_cache_mb`: they are then saved as questions come)."""
        from tqdm import tqdm

        shown = openings.worth_saving(self.settings, self.paragraphs)
        bar = tqdm(total=len(LANGUAGES) * len(shown), desc="saving prompt openings", unit="state",
                   disable=not progress or not shown, file=sys.stderr)
        done = openings.save(self.generator, self.settings, shown, step=bar.update)
        bar.close()
        return done

    def warm_in_background(self, paragraphs: list[Paragraph] | None = None) -> threading.Thread:
        """Save the openings (and sentence vectors) of `paragraphs` (default: all) in a background
        thread, each step waiting while this bot answers a question."""
        return openings.in_background(self.generator, self.settings, list(paragraphs or self.paragraphs),
                                      self.windows, lambda: self._asking > 0)

    @property
    def generator(self) -> TextGenerator:
        if self._generator is None:
            self._generator = make_generator(self.settings)
        return self._generator

    @property
    def decider(self) -> Decider:
        """The answerability model (`answerability_model`, default the shipped one)."""
        if self._decider is None:
            s = self.settings
            threshold = s.answer_threshold if s.answer_threshold >= 0 else None
            self._decider = Decider.load(s.path(s.answerability_model) if s.answerability_model else None, threshold,
                                         s.answer_mode)
        return self._decider

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
        """The paragraphs retrieval finds for `question` (no generation); `mode`: hybrid|dense|bm25."""
        q = self.check(question)
        return self.retriever.search(q, resolve(language, q), mode=mode)

    def ask(self, question: str, language: str | None = None, history: list[str] | None = None,
            mode: str | None = None) -> Answer:
        """Answer `question` in its language (or `language`: "id"/"en"), citing paragraphs.

        `history`: this conversation's earlier questions, oldest first; a follow-up such as
        "Who founded it?" is searched together with the question before it. `mode`: the answer mode
        for this question ("careful", "balanced", "eager"; default: the `answer_mode` setting).
        """
        return self.stream(question, language, history, mode).answer

    def stream(self, question: str, language: str | None = None, history: list[str] | None = None,
               mode: str | None = None) -> Stream:
        """Like `ask`, but yields the answer text as it is generated. Bad questions raise at once."""
        q = self.check(question)
        if mode is not None and mode not in MODES:
            raise SettingsError(f"answer mode {mode!r} is not one of {', '.join(MODES)}")
        code, notice = resolve(language, q), ""
        other = foreign(q) if language in (None, "", "auto") else None
        if other:  # neither Indonesian nor English: answer in English and say so
            code, notice = "en", UNSUPPORTED.format(code=other)
        previous = ""
        if history and prompt.is_followup(q, code):  # the question before it, and the one before that
            earlier = history[-2:] if len(history) > 1 and prompt.is_followup(history[-1], code) else history[-1:]
            previous = " ".join(" ".join(earlier).split())[: self.settings.max_question_chars]
        return Stream(lambda found: self._counted(flow.run(self.parts(mode), q, code, previous, notice, found)))

    def _counted(self, run: Generator[str, None, Answer]) -> Generator[str, None, Answer]:
        """`run`, counted in `_asking` from its first step to its end."""
        self._asking += 1
        try:
            return (yield from run)
        finally:
            self._asking -= 1

    def parts(self, mode: str | None = None) -> flow.Parts:
        """What the answer flow uses (deciding at `mode`, default the setting's; an `answer_threshold`
        setting overrides every mode's); the generator and the decider still load on first use."""
        chosen = mode and self.settings.answer_threshold < 0
        decider = (lambda: self.decider.at(mode)) if chosen else (lambda: self.decider)
        return flow.Parts(self.settings, self.retriever, self.windows, lambda: self.generator, decider)
