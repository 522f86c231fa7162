"""The server's log on stderr: one line per request (`rag.serve.requests`, written by
`rag.serve.observe`), as text or as JSON lines for a log collector (`log_format`), at `log_level`.

A request's line holds the time, the user, the method and path, the status, the seconds and how it
ended (answered, refused, task:title, failed, ...); never the key; the question only at debug level.

>>> line({"time": "2026-12-04T10:00:00.000Z", "user": "rita", "method": "POST", "route": "/v1/ask",
...       "status": 200, "seconds": 2.5, "outcome": "answered"})
'2026-12-04T10:00:00.000Z rita POST /v1/ask 200 2.500s answered'
"""
from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any

LOGGER = "rag.serve"


def now(created: float | None = None) -> str:
    """UTC time in ISO 8601 with milliseconds ("2026-12-04T10:00:00.123Z")."""
    t = time.time() if created is None else created
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + f".{int(t % 1 * 1000):03d}Z"


def line(fields: dict[str, Any]) -> str:
    """A request's fields as one text line (the question, when there, quoted at the end)."""
    text = (f"{fields['time']} {fields['user']} {fields['method']} {fields['route']} {fields['status']} "
            f"{fields['seconds']:.3f}s {fields['outcome'] or '-'}")
    return text + (f" question={json.dumps(fields['question'], ensure_ascii=False)}" if "question" in fields else "")


class Text(logging.Formatter):
    """A request's line as `line` writes it; any other record as time, level, logger and message."""

    def format(self, record: logging.LogRecord) -> str:
        if hasattr(record, "fields"):
            return record.getMessage()
        text = f"{now(record.created)} {record.levelname.lower()} {record.name}: {record.getMessage()}"
        return text + ("\n" + self.formatException(record.exc_info) if record.exc_info else "")


class JsonLines(logging.Formatter):
    """Each record as one JSON object: a request's fields, or time, level, logger, message (and error)."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", None)
        if fields is None:
            fields = {"time": now(record.created), "level": record.levelname.lower(), "logger": record.name,
                      "message": record.getMessage()}
            if record.exc_info:
                fields["error"] = self.formatException(record.exc_info)
        return json.dumps(fields, ensure_ascii=False)


def configure(form: str = "text", level: str = "info") -> None:
    """Send the server's log (`rag.serve.*`) to stderr as `form` ("text" or "json") from `level` up."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines() if form == "json" else Text())
    logger = logging.getLogger(LOGGER)
    logger.handlers = [handler]
    logger.setLevel(level.upper())
    logger.propagate = False
