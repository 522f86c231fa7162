"""What every generator backend shares: the `Generator` protocol, what a generation cost (`Usage`)
and saw (`Trace`), and the probe that reads the refusal sentinel's probability."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator, Protocol

import numpy as np


Messages = list[dict[str, str]]


@dataclass(frozen=True)
class Usage:
    """What the last generation cost: prompt tokens evaluated (the rest of the prompt came from
    the prefix cache) and generated, with the seconds each took."""

    prompt_tokens: int
    evaluated_tokens: int
    generated_tokens: int
    prompt_seconds: float
    generate_seconds: float


@dataclass(frozen=True)
class Trace:
    """What decoding saw: the probability that the reply would have started with the refusal
    sentinel (None when none was watched), and the log-probability of each token chosen."""

    refusal_prob: float | None
    logprobs: tuple[float, ...]

    @property
    def mean_logprob(self) -> float:
        return sum(self.logprobs) / len(self.logprobs) if self.logprobs else 0.0

    @property
    def min_logprob(self) -> float:
        return min(self.logprobs, default=0.0)


class Probe:
    """A logits processor: at the first step it measures the probability of the `watched` token ids
    (the refusal sentinel's first token) and bans them, so that the reply is the model's best answer;
    at every step it records the log-probability of the token greedy decoding will choose.

    >>> p = Probe([0])
    >>> out = p(np.log(np.array([0.5, 0.3, 0.2], dtype=np.float32)))
    >>> round(p.trace().refusal_prob, 3), int(np.argmax(out)), round(math.exp(p.trace().logprobs[0]), 3)
    (0.5, 1, 0.3)
    """

    def __init__(self, watched: list[int] | None = None) -> None:
        self.watched = list(watched or [])
        self.refusal_prob: float | None = None
        self.logprobs: list[float] = []

    def __call__(self, logits: np.ndarray) -> np.ndarray:
        z = logits.astype(np.float64)
        logp = z - z.max() - math.log(float(np.exp(z - z.max()).sum()))
        if self.watched and self.refusal_prob is None:
            self.refusal_prob = float(np.exp(logp[self.watched]).sum())
            logits = logits.copy()
            logits[self.watched] = -np.inf
        self.logprobs.append(float(logp[int(np.argmax(logits))]))
        return logits

    def trace(self) -> Trace:
        return Trace(self.refusal_prob, tuple(self.logprobs))


def spellings(sentinel: str) -> list[str]:
    """The ways a reply may start the sentinel: as given, capitalised, lower case.

    >>> spellings("NOT FOUND")
    ['NOT FOUND', 'Not found', 'not found']
    """
    return list(dict.fromkeys([sentinel, sentinel.capitalize(), sentinel.lower()])) if sentinel else []


class Generator(Protocol):
    name: str
    usage: Usage | None
    trace: Trace | None

    def stream(self, messages: Messages, max_tokens: int, refusal: str = "",
               segments: tuple[str, ...] = ()) -> Iterator[str]:
        """The reply to `messages`, in pieces. With `refusal` (the sentinel the prompt asks for
        when the passages lack the answer), the probability of its first token (any of its
        `spellings`) at the first step goes into `trace.refusal_prob` and those tokens are banned:
        the reply is the model's best answer. `segments`: texts of the prompt (the passages) that a
        backend may evaluate apart and reuse (the llama backend stitches them); others ignore them."""
        ...

    def judge(self, messages: Messages, yes: list[str], no: list[str]) -> float | None:
        """P(yes) / (P(yes) + P(no)) of the reply's first token, without sampling; None where the
        backend cannot read it."""
        ...

    def reset(self) -> None: ...
    def prime(self, prefixes: list[Messages], segments: tuple[str, ...] = (), prepared: bool = False) -> None:
        """Make the states of `prefixes` (prompt openings; with `segments`, whole prompts holding them)
        ready before they are needed; `prepared`: saved ahead of any question (`rag prepare`)."""
        ...
