"""Failed logins limited per name and per address: after `limit` failures within `window` seconds,
further tries are refused until the oldest failure leaves the window.

`Limiter` is the interface: `LoginLimiter` counts in this process's memory (the embedded backend),
`DbLimiter` (rag.access.dblog) in PostgreSQL, so every replica sees every failure."""
from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections import defaultdict, deque

LIMIT, WINDOW = 5, 60.0


def keys(name: str, address: str) -> tuple[str, str]:
    return f"name:{name}", f"addr:{address}"


class Limiter(ABC):
    limit: int
    window: float

    @abstractmethod
    def wait(self, name: str, address: str) -> float:
        """Seconds until `name` from `address` may try again (0: now)."""

    @abstractmethod
    def failed(self, name: str, address: str) -> None: ...

    def message(self, name: str, address: str) -> str:
        """The refusal a user sees while blocked ("" when not)."""
        wait = self.wait(name, address)
        if not wait:
            return ""
        return (f"Too many failed logins for this name or from this address ({self.limit} in "
                f"{self.window:.0f} s): try again in {wait:.0f} s.")


class LoginLimiter(Limiter):
    def __init__(self, limit: int = LIMIT, window: float = WINDOW, clock=time.monotonic) -> None:  # noqa: ANN001
        self.limit, self.window, self.clock = limit, window, clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        q, now = self._failures[key], self.clock()
        while q and now - q[0] >= self.window:
            q.popleft()
        return q

    def wait(self, name: str, address: str) -> float:
        with self._lock:
            waits = [self.window - (self.clock() - q[0]) for key in keys(name, address)
                     if len(q := self._recent(key)) >= self.limit]
        return max(waits, default=0.0)

    def failed(self, name: str, address: str) -> None:
        with self._lock:
            now = self.clock()
            for key in keys(name, address):
                self._recent(key).append(now)
