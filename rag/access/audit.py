"""The audit log: one JSON line per library change, appended (who, when, what, the document's SHA-256).

    {"time": "2026-12-01T21:00:00Z", "user": "sari", "via": "ui", "action": "keep",
     "entry": "20261201-...", "document": "notes.pdf", "sha256": "..."}
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path


def record(path: Path, user: str, via: str, action: str, entry: str, document: str, file: Path | None = None,
           sha256: str = "") -> dict:
    """Append one change to the log at `path` (created 0600); returns the line written."""
    sha256 = sha256_of(file) or sha256
    line = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "user": user or "(no login)", "via": via,
            "action": action, "entry": entry, "document": document, "sha256": sha256}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:  # one write per line: appends do not interleave
        fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    return line


def sha256_of(path: Path | None) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None and path.is_file() else ""


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
