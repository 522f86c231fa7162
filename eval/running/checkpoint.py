"""A long eval run that dies keeps what it did: each outcome is appended, as it comes, to
`RUN.json.partial.jsonl` beside `--json RUN.json`; `rag eval ... --json RUN.json --resume` reads them
back and asks only the rest. The file goes once RUN.json is written.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from .run import Outcome, from_dict


class Checkpoint:
    """Outcomes per pipeline, on disk as one JSON object a line: {"pipeline": ..., "outcome": {...}}."""

    def __init__(self, json_path: Path | None, resume: bool = False) -> None:
        self.path = json_path.with_name(json_path.name + ".partial.jsonl") if json_path else None
        self._done: dict[str, dict[str, Outcome]] = {}
        if self.path and self.path.exists():
            if not resume:
                self.path.unlink()
            else:
                self._done = _read(self.path)

    def done(self, pipeline: str) -> dict[str, Outcome]:
        """The outcomes of `pipeline` a run before this one finished, by question id."""
        return dict(self._done.get(pipeline, {}))

    def add(self, pipeline: str, outcome: Outcome) -> None:
        if self.path:
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"pipeline": pipeline, "outcome": dataclasses.asdict(outcome)}, ensure_ascii=False) + "\n")

    def finish(self) -> None:
        if self.path:
            self.path.unlink(missing_ok=True)


def _read(path: Path) -> dict[str, dict[str, Outcome]]:
    out: dict[str, dict[str, Outcome]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
            outcome = from_dict(row["outcome"])
        except (ValueError, KeyError, TypeError):
            continue  # a line cut off when the run died
        out.setdefault(row["pipeline"], {})[outcome.id] = outcome
    return out
