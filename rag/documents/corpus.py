"""Source documents -> numbered paragraphs, each knowing its source and section heading.

A paragraph is a blank-line-separated block of a source file. Paragraphs are numbered from 1
across the corpus in source order (the shipped article first, its title is paragraph 1), so a
`[n]` marker names exactly one paragraph even when several documents are indexed.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocumentError
from .readers import SUFFIXES, read
from ..types import Paragraph

_BLANK = re.compile(r"\n[ \t\u00a0]*\n")
_NUMBERED = re.compile(r"^\d{1,2}\.\s+\S")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^[\-\*\u2022\u2023\u25e6\u2043]")


@dataclass(frozen=True)
class Source:
    """A readable document: its display name, text and SHA-256 of its bytes (and for a PDF, the
    offset in `text` where each page starts)."""

    name: str
    text: str
    sha256: str
    page_starts: tuple[int, ...] = ()

    @property
    def language(self) -> str:
        """The document's language ("id" or "en"), detected from its first 3,000 characters."""
        from ..lang import detect

        return detect(self.text[:3000], default="id")


def read_source(path: Path, max_bytes: int = 5_000_000, name: str | None = None) -> Source:
    """Read one text document, refusing what is not usable text with a clear message."""
    path = Path(path)
    label = name or path.name
    if not path.is_file():
        raise DocumentError(f"{label}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentError(f"{label}: {size:,} bytes is over the limit of {max_bytes:,} bytes")
    data = path.read_bytes()
    return source_from_bytes(data, label)


def source_from_bytes(data: bytes, name: str) -> Source:
    """A Source from a document's bytes, read by the kind its name says (see `rag.readers`)."""
    got = read(data, name)
    return Source(name=name, text=got.text, sha256=hashlib.sha256(data).hexdigest(), page_starts=got.page_starts)


def find_sources(paths: list[Path]) -> list[Path]:
    """Expand directories to their documents (.txt, .md, .pdf, .docx; sorted); keep files as given."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(f for f in p.iterdir() if f.suffix.lower() in SUFFIXES and f.is_file())
        elif p.exists():
            found.append(p)
        else:
            raise DocumentError(f"{p}: no such file or directory")
    if not found:
        raise DocumentError(f"no {', '.join(SUFFIXES)} documents in {', '.join(map(str, paths))}")
    return found


def blocks(text: str) -> list[str]:
    """Blank-line-separated blocks, surrounding whitespace trimmed, empty blocks dropped."""
    return [b for b, _ in placed(text)]


def placed(text: str) -> list[tuple[str, int]]:
    """Each block with the offset in `text` (line ends made "\\n") where it starts."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out, at = [], 0
    for m in [*_BLANK.finditer(text), None]:
        end = m.start() if m else len(text)
        raw = text[at:end]
        if raw.strip():
            out.append((raw.strip(), at + len(raw) - len(raw.lstrip())))
        at = m.end() if m else at
    return out


def is_heading(block: str, first: bool, last: bool) -> bool:
    """Title (first block), markdown/numbered headings, and short unpunctuated one-liners."""
    if "\n" in block:
        return False
    if first or _MD_HEADING.match(block):
        return True
    if len(block) > 150 or block[-1] in ".?!:;,\u2014" or _BULLET.match(block):
        return False
    if _NUMBERED.match(block):
        return True
    return not last and len(block) <= 80 and len(block.split()) >= 3 and block[0].isupper()


def split(source: Source, start: int = 1) -> list[Paragraph]:
    """Number the source's paragraphs from `start` and attach each to its section heading.

    >>> [p.number for p in split(Source("a.txt", "Title\\n\\nBody text.", ""))]
    [1, 2]
    """
    parts = placed(source.text)
    out: list[Paragraph] = []
    section = ""
    language = source.language
    for i, (block, offset) in enumerate(parts):
        heading = is_heading(block, first=i == 0, last=i == len(parts) - 1)
        if heading:
            section = _MD_HEADING.sub("", block)
        page = bisect.bisect_right(source.page_starts, offset) if source.page_starts else None
        out.append(Paragraph(start + i, source.name, section, block, heading, language, page))
    return out


def load_corpus(sources: list[Source]) -> list[Paragraph]:
    """All paragraphs of all sources, numbered consecutively in the given order."""
    paragraphs: list[Paragraph] = []
    for src in sources:
        paragraphs += split(src, start=len(paragraphs) + 1)
    return paragraphs
