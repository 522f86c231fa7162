"""A file lock on a folder: exclusive for writers, shared for readers (the index, the library)."""
from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def lock(root: Path, shared: bool = False) -> Iterator[None]:
    """Writers hold it exclusively while they write and clean up; readers hold it shared, so a
    build is never deleted while it is being read. (No lock for a read-only index folder.)"""
    if shared and not root.is_dir():
        yield
        return
    root.mkdir(parents=True, exist_ok=True)
    try:
        fh = open(root / ".lock", "a")
    except OSError:
        if not shared:
            raise
        yield
        return
    with fh:
        fcntl.flock(fh, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
