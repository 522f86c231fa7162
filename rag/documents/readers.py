"""Documents to text: `.txt`/`.md` as UTF-8, `.pdf` page by page with pypdf, `.docx` with python-docx.

Paragraphs come out separated by blank lines, so the corpus splits every format alike; a PDF also
gives where each page starts in the text, so its paragraphs know their page. What cannot be read
raises `DocumentError` saying why: a scanned PDF with no text, an encrypted or broken file, or a
file whose content is not what its name says.
"""
from __future__ import annotations

import importlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocumentError

SUFFIXES = (".txt", ".md", ".pdf", ".docx")
_END = re.compile(r"[.!?:;\"”’)]$")
WIDE_GAP = 4  # newlines between two lines of pypdf's layout text that always part paragraphs


@dataclass(frozen=True)
class Text:
    """A document's text, and the character offset where each of its pages starts (PDF only)."""

    text: str
    page_starts: tuple[int, ...] = ()


def read(data: bytes, name: str) -> Text:
    """The text of a document's bytes, by the kind its `name` says."""
    kind = Path(name).suffix.lower()
    if kind == ".pdf":
        return _pdf(data, name)
    if kind == ".docx":
        return Text(_docx(data, name))
    return Text(_plain(data, name))


def _plain(data: bytes, name: str) -> str:
    if data.startswith(b"%PDF-") or (data.startswith(b"PK\x03\x04") and b"word/" in data[:2000]):
        raise DocumentError(f"{name}: is a PDF or Word file, not text: give it its .pdf or .docx name")
    if b"\x00" in data[:8192]:
        raise DocumentError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{name}: is not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    if not text.strip():
        raise DocumentError(f"{name}: is empty")
    return text


def _starts_like(data: bytes, magic: bytes, name: str, what: str) -> None:
    if not data.startswith(magic):
        raise DocumentError(f"{name}: is not {what} (its content does not start like one)")


def _imported(module: str, pin: str, kind: str):  # noqa: ANN202 - a module
    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - a pinned dependency
        raise DocumentError(f"reading {kind} files needs {pin.split('==')[0]}: pip install {pin}") from exc


def _pdf(data: bytes, name: str) -> Text:
    _starts_like(data, b"%PDF-", name, "a PDF")
    pypdf = _imported("pypdf", "pypdf==7.1.0", "PDF")
    PyPdfError = importlib.import_module("pypdf.errors").PyPdfError  # noqa: N806 - a class
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{name}: is encrypted; save it without a password first")
        pages = [_paragraphs(page.extract_text(extraction_mode="layout") or "") for page in reader.pages]
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DocumentError(f"{name}: cannot be read as a PDF ({type(exc).__name__}: {exc})") from exc
    text, starts = "", []
    for page in pages:
        starts.append(len(text) + (2 if text else 0))
        text = f"{text}\n\n{page}" if text else page
    if not text.strip():
        raise DocumentError(f"{name}: has no text to read (a scanned PDF? it needs OCR first)")
    return Text(text, tuple(starts))


def _paragraphs(page: str) -> str:
    """A PDF page's lines (pypdf's layout mode, where vertical gaps become blank lines) joined into
    paragraphs: a gap wider than the page's narrowest line gap (or than three blank lines) ends
    one; where every gap is the same, a line that ends a sentence does.

    >>> _paragraphs("Judul\\n\\n\\n\\nMeta membeli 49%\\n\\nsaham Scale AI.\\n\\n\\n\\nIni   penting.")
    'Judul\\n\\nMeta membeli 49% saham Scale AI.\\n\\nIni penting.'
    """
    lines, gap = [], 0
    for raw in page.split("\n"):
        line = " ".join(raw.split())
        if not line:
            gap += 1
            continue
        lines.append((line, gap + 1))
        gap = 0
    gaps = [g for _, g in lines[1:]]
    usual = min(gaps, default=1)  # the spacing of lines within a paragraph
    out: list[list[str]] = []
    for line, g in lines:
        wide = g > usual or g >= WIDE_GAP
        ends = bool(out) and (wide or (len(set(gaps)) == 1 and bool(_END.search(out[-1][-1]))))
        if not out or ends:
            out.append([line])
        else:
            out[-1].append(line)
    return "\n\n".join(" ".join(p) for p in out)


def _docx(data: bytes, name: str) -> str:
    _starts_like(data, b"PK\x03\x04", name, "a Word document")
    docx = _imported("docx", "python-docx==1.2.0", "Word")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken file
        raise DocumentError(f"{name}: cannot be read as a Word document ({type(exc).__name__}: {exc})") from exc
    blocks = []
    for p in document.paragraphs:
        text = " ".join(p.text.split())
        if text:
            heading = (p.style.name or "").lower().startswith(("heading", "title"))
            blocks.append(f"# {text}" if heading else text)
    if not blocks:
        raise DocumentError(f"{name}: is empty")
    return "\n\n".join(blocks)
