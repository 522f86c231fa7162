"""`Stream`: the answer's text pieces as they are generated, then the final Answer."""
from __future__ import annotations

from typing import Generator, Iterator

from .types import Answer


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
