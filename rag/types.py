"""Frozen dataclasses that carry data between the stages: paragraph -> hit -> answer."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    """One blank-line-separated block of a source file, numbered from 1 across the corpus.

    `text` is the block exactly as written (surrounding whitespace trimmed); `section` is the
    heading it falls under ("" before the first heading).
    """

    number: int
    source: str
    section: str
    text: str
    is_heading: bool = False
    language: str = "id"

    def embed_text(self) -> str:
        """What the embedder sees: the section heading as context, then the paragraph."""
        if self.section and not self.is_heading:
            return f"{self.section}\n{self.text}"
        return self.text


@dataclass(frozen=True)
class Hit:
    """A retrieved paragraph with its fused score and the component scores behind it."""

    paragraph: Paragraph
    score: float
    dense: float = 0.0
    lexical: float = 0.0


@dataclass(frozen=True)
class Retrieval:
    """What retrieval found: the hits, best first, and the best dense similarity of any paragraph
    (a low one means the corpus does not hold the answer)."""

    hits: list[Hit]
    best_dense: float


@dataclass(frozen=True)
class Citation:
    """A paragraph an answer used."""

    paragraph: int
    source: str
    text: str
    score: float
    section: str = ""


@dataclass(frozen=True)
class Answer:
    """The bot's answer: text in `language`, whether it was answered, and its citations."""

    text: str
    language: str
    answered: bool
    citations: list[Citation] = field(default_factory=list)
    question: str = ""
    seconds: float = 0.0
    notice: str = ""  # e.g. that the question's language is not supported (also leads `text`)

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-serialisable dict of every field.

        >>> Answer("49% [5]", "id", True, [Citation(5, "a.txt", "...", 0.9)]).to_dict()["citations"][0]["paragraph"]
        5
        """
        return asdict(self)
