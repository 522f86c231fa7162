"""`Stream`: the answer's text pieces as they are generated, then the final Answer."""
from __future__ import annotations

from typing import Callable, Generator, Iterator

from .types import Answer, Citation

Run = Generator[str, None, Answer]


class Stream:
    """Iterate to get the answer's text pieces as they are generated; then read `.answer`.

    `.candidates` holds the retrieved paragraphs (as citations) as soon as retrieval is done,
    before generation: the stream then yields an empty piece so that a UI can show them.
    """

    def __init__(self, start: Callable[[Callable[[list[Citation]], None]], Run]) -> None:
        self.candidates: list[Citation] = []
        self._run = start(self._found)
        self._answer: Answer | None = None

    def _found(self, candidates: list[Citation]) -> None:
        self.candidates = list(candidates)

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
