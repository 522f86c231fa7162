"""The naive baseline: what a first RAG script does with the same offline models.

Paragraphs -> e5-small dense top 3 -> the same generator with a plain chat prompt ("answer only
from the passages, cite [n], otherwise reply NOT FOUND"). No BM25, no language-aware prompt or
worked example, no follow-ups, no checks of the reply beyond spotting NOT FOUND. Selected with
`rag eval --pipeline naive`, so both are measured by the same scorer in the same run.
"""
from __future__ import annotations

import re
import time

from rag import Bot
from rag.lang import resolve
from rag.types import Answer, Citation

SYSTEM = ("Answer the question using only the passages. Answer in the same language as the question, briefly, "
          "and cite the passage numbers you used like [n]. If the passages do not contain the answer, "
          "reply exactly: NOT FOUND")


class NaivePipeline:
    """Same interface as Bot for the eval: `paragraphs`, `retriever`, `generator`, `ask()`."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot.with_settings(retriever="dense", top_k=3)
        self.paragraphs = self.bot.paragraphs
        self.retriever = self.bot.retriever

    @property
    def generator(self):  # noqa: ANN201
        return self.bot.generator

    def with_settings(self, **overrides: object) -> "NaivePipeline":
        return NaivePipeline(self.bot.with_settings(**overrides))

    def ask(self, question: str) -> Answer:
        start = time.perf_counter()
        q = self.bot.check(question)
        language = resolve(None, q)
        hits = self.retriever.search(q, language, mode="dense").hits
        passages = "\n\n".join(f"[{h.paragraph.number}] {h.paragraph.text}" for h in hits)
        messages = [{"role": "system", "content": SYSTEM},
                    {"role": "user", "content": f"Passages:\n{passages}\n\nQuestion: {q}"}]
        text = "".join(self.generator.stream(messages, self.bot.settings.max_new_tokens)).strip()
        answered = bool(text) and "NOT FOUND" not in text.upper()
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
        citations = [Citation(h.paragraph.number, h.paragraph.source, h.paragraph.text, h.score, h.paragraph.section)
                     for h in hits if h.paragraph.number in cited] if answered else []
        return Answer(text, language, answered, citations, q, round(time.perf_counter() - start, 3))
