"""The audit log: one record per library change (who, when, what, the document's SHA-256), appended.

`AuditLog` is the interface: `FileAudit` appends JSON lines to `audit_log` (the embedded backend),
`DbAudit` (rag.access.dblog) inserts rows into PostgreSQL's `audit` table. A record reads the same
from both:

    {"time": "2026-12-01T21:00:00Z", "user": "sari", "via": "ui", "action": "keep",
     "entry": "20261201-...", "document": "notes.pdf", "sha256": "..."}
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from abc import ABC, abstractmethod
from pathlib import Path

FIELDS = ("time", "user", "via", "action", "entry", "document", "sha256")


class AuditLog(ABC):
    where: str  # the file, or the database's URL without its password

    def record(self, user: str, via: str, action: str, entry: str, document: str, file: Path | None = None,
               sha256: str = "") -> dict:
        """Append one change; returns the record written."""
        line = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "user": user or "(no login)", "via": via,
                "action": action, "entry": entry, "document": document, "sha256": sha256_of(file) or sha256}
        self._append(line)
        return line

    @abstractmethod
    def _append(self, line: dict) -> None: ...

    @abstractmethod
    def read(self) -> list[dict]:
        """Every record, oldest first."""


class FileAudit(AuditLog):
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.where = str(self.path)

    def _append(self, line: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:  # one write per line: appends do not interleave
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")

    def read(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]


def record(path: Path, user: str, via: str, action: str, entry: str, document: str, file: Path | None = None,
           sha256: str = "") -> dict:
    """Append one change to the log file at `path` (created 0600); returns the line written."""
    return FileAudit(path).record(user, via, action, entry, document, file, sha256)


def read(path: Path) -> list[dict]:
    return FileAudit(path).read()


def sha256_of(path: Path | None) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path is not None and path.is_file() else ""
