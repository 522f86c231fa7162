"""Tiny stand-ins for the embedder and generator: deterministic, instant, no model."""
from __future__ import annotations

import hashlib
import re
from typing import Iterator

import numpy as np

from rag.indexing.embedders import normalise


class FakeEmbedder:
    """Bag of hashed lower-cased words: texts that share words get similar vectors."""

    def __init__(self, name: str = "fake/bow", dim: int = 64) -> None:
        self.name, self._dim = name, dim
        self.calls = 0

    @property
    def dim(self) -> int:
        return self._dim

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self._dim, dtype=np.float32)
        for w in re.findall(r"\w+", text.lower()):
            v[int(hashlib.md5(w.encode()).hexdigest(), 16) % self._dim] += 1.0
        return v + 1e-3

    def passages(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return normalise(np.stack([self._vec(t) for t in texts]))

    def queries(self, texts: list[str]) -> np.ndarray:
        return self.passages(texts)


class FakeGenerator:
    """Replies with `reply` (default: "Answer: passage [n]." naming the first passage), in pieces."""

    def __init__(self, reply: str | list[str] | None = None) -> None:
        self.reply = reply  # a list: one reply per call, in turn
        self.messages: list[list[dict[str, str]]] = []
        self.primed_all: list[list[dict[str, str]]] = []  # every prefix primed, in order
        self.asked: list[str] = []  # the refusal sentinel watched in each call
        self.name = "fake/generator"
        self.usage = None
        self.trace = None
        self.refusal_prob = 0.1  # what the trace reports for the sentinel at the first step
        self.verdict: float | None = None  # what `judge` answers (P(yes)); None: not read
        self.judged: list[list[dict[str, str]]] = []  # the messages of each check asked
        self.answer_states = False  # set when a probe wants the state where each answer ends
        self.answer_state = None    # that state, as a test gives it
        self.prompt_states = False  # set when a probe or a gate wants the state where each prompt ends
        self.prompt_state = None    # that state, as a test gives it
        self.streamed = 0           # pieces the last stream gave before it ended or was closed
        self.segments: list[tuple[str, ...]] = []  # the segments given with each call
        self.segments_primed: list[tuple[str, ...]] = []  # those given with each prime
        self.prepared: list[bool] = []  # whether each prime was saving ahead (`rag prepare`)

    def judge(self, messages: list[dict[str, str]], yes: list[str], no: list[str]) -> float | None:
        self.judged.append(messages)
        return self.verdict

    def reset(self) -> None:
        self.messages.clear()

    def prime(self, prefixes: list[list[dict[str, str]]], segments: tuple[str, ...] = (),
              prepared: bool = False) -> None:
        self.primed = prefixes
        self.segments_primed.append(segments)
        self.prepared.append(prepared)
        self.primed_all.extend(prefixes)

    def stream(self, messages: list[dict[str, str]], max_tokens: int, refusal: str = "",
               segments: tuple[str, ...] = ()) -> Iterator[str]:
        from rag.generators import Trace

        self.messages.append(messages)
        self.segments.append(segments)
        self.asked.append(refusal)
        text = self.reply
        if isinstance(text, list):
            text = text[min(len(self.messages) - 1, len(text) - 1)]
        if text is None:
            first = re.search(r"^\[(\d+)\]", messages[-1]["content"], re.M)
            text = f"Answer: passage [{first.group(1)}]." if first else "NOT FOUND"
        self.trace = Trace(self.refusal_prob if refusal else None, (-0.1,) * max(1, len(text) // 4))
        self.streamed = 0
        for i in range(0, len(text), 4):
            self.streamed += 1
            yield text[i:i + 4]
