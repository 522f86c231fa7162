"""The generator's ceiling: our pipeline with perfect retrieval.

`rag eval --oracle` adds a run in which the paragraph holding each question's evidence is always
the first hit (the retriever's other hits follow), so every miss left is the generator's, not
retrieval's. On the 2026-11-26 code with the 1.5B this scored 69.7% on the test split and 54.2%
on the held-out questions (65.1% / 50.0% with real retrieval): see the README's Eval section.
Unanswerable questions have no evidence and are retrieved as usual.
"""
from __future__ import annotations

from rag import Bot
from rag.search.retrieve import Retriever
from rag.types import Answer, Hit, Retrieval

from ..scoring.score import Item
from .run import evidence_paragraphs


class GoldFirst:
    """A retriever whose first hit is the paragraph numbered `gold` (when set), scored as the best."""

    def __init__(self, inner: Retriever, bot: Bot) -> None:
        self.inner = inner
        self.by_number = {p.number: p for p in bot.paragraphs}
        self.min_dense = bot.settings.min_dense_score
        self.gold: int | None = None

    def search(self, question: str, language: str, k: int | None = None, mode: str | None = None) -> Retrieval:
        found = self.inner.search(question, language, k, mode)
        if self.gold is None:
            return found
        others = [h for h in found.hits if h.paragraph.number != self.gold]
        best = found.hits[0].score if found.hits else 1.0
        first = Hit(self.by_number[self.gold], best, max(found.best_dense, self.min_dense), 0.0)
        return Retrieval([first] + others[: max(len(found.hits), 1) - 1], max(found.best_dense, self.min_dense))


class OraclePipeline:
    """Our bot with `GoldFirst` retrieval; same interface as Bot for the eval."""

    def __init__(self, bot: Bot, items: list[Item]) -> None:
        self.bot = bot.with_settings()
        self.paragraphs = self.bot.paragraphs
        self.retriever = GoldFirst(self.bot.retriever, self.bot)
        self.bot.retriever = self.retriever
        self._gold = {i.question: min(g) for i in items if (g := evidence_paragraphs(bot, i))}

    @property
    def generator(self):  # noqa: ANN201
        return self.bot.generator

    def ask(self, question: str) -> Answer:
        self.retriever.gold = self._gold.get(question)
        try:
            return self.bot.ask(question)
        finally:
            self.retriever.gold = None
