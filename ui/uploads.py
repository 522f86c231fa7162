"""Uploaded documents: the limits, the checks the UI makes, and a safe copy into the data directory.

The text itself (empty, binary, not UTF-8, a scanned or broken PDF) is checked by `Bot.with_documents`, which raises
`rag.DocumentError`; the UI shows that message.

>>> safe_name("../../etc/passwd.txt"), safe_name("C:\\\\Users\\\\me\\\\notes.md"), safe_name("..")
('passwd.txt', 'notes.md', 'document')
"""
from __future__ import annotations

import re
import shutil
import unicodedata
import uuid
from pathlib import Path

from rag.documents.readers import SUFFIXES as READABLE

from .strings import Strings

MAX_FILES = 5
MAX_FILE_BYTES = 1_000_000
SUFFIXES = READABLE  # .txt, .md, .pdf, .docx
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


class UploadError(ValueError):
    """An upload the UI refuses before indexing; the message is in the UI's language."""


def human_size(n: int) -> str:
    """A size for people.

    >>> human_size(1_000_000), human_size(2_500)
    ('1 MB', '2.5 kB')
    """
    for unit, size in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= size:
            return f"{n / size:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{n} B"


def safe_name(name: str, limit: int = 100) -> str:
    """The file's own name without any folder part, `..`, control or odd characters."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    base = _UNSAFE.sub("_", base).strip(" .")
    base = re.sub(r"\.{2,}", ".", base)
    if not base:
        return "document"
    stem, dot, suffix = base.rpartition(".")
    if dot and len(base) > limit:
        return stem[: limit - len(suffix) - 1] + "." + suffix
    return base[:limit]


def check(paths: list[Path], already: int, strings: Strings) -> None:
    """Refuse too many files, a wrong type or a file over the size limit (UploadError)."""
    if not paths:
        raise UploadError(strings.no_files)
    if already + len(paths) > MAX_FILES:
        raise UploadError(strings.too_many_files.format(count=already + len(paths), limit=MAX_FILES))
    types = " / ".join(SUFFIXES)
    for path in paths:
        name = safe_name(path.name)
        if path.suffix.lower() not in SUFFIXES:
            raise UploadError(strings.wrong_type.format(name=name, types=types))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UploadError(strings.too_big.format(name=name, size=human_size(size),
                                                     limit=human_size(MAX_FILE_BYTES)))


def new_folder(data_dir: Path) -> Path:
    """A fresh folder for one session's uploads inside `data_dir/uploads`."""
    folder = Path(data_dir) / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=False)
    return folder


def store(paths: list[Path], folder: Path) -> list[Path]:
    """Copy the uploads into `folder` under safe, distinct names; return the copies."""
    folder = folder.resolve()
    stored: list[Path] = []
    for path in paths:
        name = safe_name(path.name)
        target = folder / name
        stem, suffix = target.stem, target.suffix
        n = 2
        while target.exists():
            target, n = folder / f"{stem}-{n}{suffix}", n + 1
        if target.resolve().parent != folder:  # cannot happen after safe_name; never write elsewhere
            raise UploadError(f"refusing to write {name!r} outside {folder}")
        shutil.copyfile(path, target)
        stored.append(target)
    return stored


def remove(paths: list[Path]) -> None:
    """Delete stored copies (missing ones are fine)."""
    for path in paths:
        Path(path).unlink(missing_ok=True)
