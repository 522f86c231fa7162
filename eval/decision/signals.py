"""How well each signal of stored runs tells a right answer from a wrong one, and how precise the
claim checks would be as refusals.

    python -m eval.decision.signals RUN.json [RUN.json ...] [--run hybrid]

Over every answer that passed the reply checks (a draft with signals): per signal, the area under the
ROC curve of right (answerable and lenient-correct) against the rest, per language and overall (0.5:
chance; below 0.5 the signal points the other way); and per yes/no claim check (`quantities_stated`,
`names_stated`, and `verified` / `verified_sentence` below 0.5), how many answers it would refuse and
what share of them is wrong (a refusing check must be right >= 95% of the time on dev data).
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

FLAGS = {"quantities_stated": lambda v: v < 0.5, "names_stated": lambda v: v < 0.5,
         "verified": lambda v: v < 0.5, "verified_sentence": lambda v: v < 0.5}


def answers(paths: list[Path], run: str) -> list[dict]:
    out = []
    for path in paths:
        out += [o for o in json.loads(path.read_text(encoding="utf-8"))[run]["outcomes"]
                if o.get("signals") and o.get("confidence") is not None]  # past the reply checks
    return out


def right(o: dict) -> bool:
    return bool(o["answerable"] and o.get("draft_lenient"))


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """P(a right answer scores above a wrong one), ties halved; NaN scores left out."""
    ok = ~np.isnan(scores)
    pos, neg = scores[ok & labels], scores[ok & ~labels]
    if not len(pos) or not len(neg):
        return float("nan")
    return float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum())
                 / (len(pos) * len(neg)))


def table(outcomes: list[dict]) -> str:
    names = sorted(outcomes[0]["signals"])
    labels = np.array([right(o) for o in outcomes])
    langs = np.array([o["lang"] for o in outcomes])
    lines = [f"{len(outcomes)} answers, {labels.sum()} right", "| signal | AUC all | id | en |", "|---|---:|---:|---:|"]
    for name in names:
        v = np.array([float("nan") if o["signals"].get(name) is None else float(o["signals"][name]) for o in outcomes])
        cells = [auc(v, labels)] + [auc(v[langs == lang], labels[langs == lang]) for lang in ("id", "en")]
        lines.append(f"| {name} | " + " | ".join("-" if math.isnan(c) else f"{c:.3f}" for c in cells) + " |")
    lines += ["", "| check says no | answers refused | of them wrong |", "|---|---:|---:|"]
    for name, says_no in FLAGS.items():
        hit = [o for o in outcomes if o["signals"].get(name) is not None
               and not math.isnan(float(o["signals"][name])) and says_no(float(o["signals"][name]))]
        wrong = sum(not right(o) for o in hit)
        share = f"{wrong / len(hit):.1%}" if hit else "-"
        lines.append(f"| {name} | {len(hit)} | {wrong} ({share}) |")
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", type=Path)
    p.add_argument("--run", default="hybrid", help="the pipeline's key in the run JSON (default: hybrid)")
    a = p.parse_args()
    print(table(answers(a.runs, a.run)))


if __name__ == "__main__":
    main()
