"""Where one answer's time goes: a stopwatch with a lap per step, read as `Timings`."""
from __future__ import annotations

import time

from ..generators import Usage
from ..types import Timings


class Clock:
    """`lap(step)` adds the seconds since the last lap to `step` (a `Timings` field)."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.spent: dict[str, float] = {}
        self.usage: Usage | None = None   # the first generation's, from the generator
        self.second_try = ""

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.spent[step] = self.spent.get(step, 0.0) + now - self.last
        self.last = now

    def total(self) -> float:
        return round(time.perf_counter() - self.start, 3)

    def timings(self) -> Timings:
        u = self.usage
        tokens = {"prompt_tokens": u.prompt_tokens, "evaluated_tokens": u.evaluated_tokens,
                  "prompt_seconds": round(u.prompt_seconds, 3), "generated_tokens": u.generated_tokens,
                  "generate_seconds": round(u.generate_seconds, 3)} if u else {}
        return Timings(**{k: round(v, 3) for k, v in self.spent.items()}, **tokens, second_try=self.second_try,
                       total=self.total())
