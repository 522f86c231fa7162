"""What the bench's parts share: the question sets, an even sample of them, a part run in a fresh process,
the size of saved states."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_SET = ROOT / "eval" / "sets" / "article" / "questions.jsonl"
NEWS_SET = ROOT / "eval" / "sets" / "facqa" / "news-heldout.jsonl"  # over the held-out news corpus (473 FacQA passages)


def sample(items: list, n: int) -> list:
    """`n` items spread evenly over the set, as many from each language as can be, interleaved.
    (An even step alone picked one language only: the set alternates id/en and the step was even.)"""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(item.lang, []).append(item)
    rows = [_even(g, n // len(groups) + (k < n % len(groups))) for k, g in enumerate(groups.values())]
    return [item for row in zip_longest(*rows) for item in row if item is not None][:n]


def _even(items: list, n: int) -> list:
    step = max(1, len(items) // max(1, n))
    return items[::step][:n]


def child(module: str, spec: dict) -> dict:
    """Run `python -m module` in a fresh process on `spec`; its JSON output."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(spec, fh)
    try:
        done = subprocess.run([sys.executable, "-m", module, fh.name], capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parent.parent, check=False)
    finally:
        os.unlink(fh.name)
    if done.returncode != 0:
        raise RuntimeError(f"{module} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def megabytes(files) -> int:  # noqa: ANN001 - paths
    """The files' size together, in MB (saved prompt states)."""
    return round(sum(f.stat().st_size for f in files) / 2**20)
