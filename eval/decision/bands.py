"""The confidence words' bands, set on dev runs: the lowest confidence from which an answer shown is
right often enough to be called "well supported" (>= 95% on dev) and "probably right" (>= 80%).

    python -m eval.decision.bands MODEL.json DEV.json [DEV.json ...] [--supported 0.95] [--probable 0.8] [--write]
        [--labels LABELS.jsonl ...]   (rightness as a reader judged it: eval.scoring.adjudicated)

The model's probability is computed for every answer of the runs that passed the reply checks (each
run must hold both kinds of unanswerable question as well as answerable ones); `supported` is the
lowest threshold at which the answers at or above it are right at least that share of the time (with
at least `--min` of them), `probable` the lowest at which those between it and `supported` are.
`--write` stores them in the model JSON ("bands"), which `Decider.band` reads.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from rag.answer.decide import Decider

from ..scoring.adjudicated import load as load_labels
from .compare import outcomes
from .modes import probabilities


def lowest(prob: np.ndarray, right: np.ndarray, share: float, upto: float, least: int) -> float:
    """The lowest threshold t with the answers in [t, upto) right >= `share` (at least `least` of them)."""
    best = upto
    for t in sorted(set(np.round(prob, 3)), reverse=True):
        inside = (prob >= t) & (prob < upto)
        if inside.sum() >= least and right[inside].mean() >= share:
            best = float(t)
    return best


def read(prob: np.ndarray, right: np.ndarray, shares: tuple[float, float] = (0.95, 0.8), least: int = 20,
         ) -> dict[str, float]:
    """The bands: "supported" from the lowest probability whose answers at or above it are right at least
    `shares[0]` of the time, "probable" the lowest below it whose answers up to it are right `shares[1]`."""
    top = lowest(prob, right, shares[0], 1.0 + 1e-9, least)
    return {"supported": round(top, 3), "probable": round(lowest(prob, right, shares[1], top, least), 3), "uncertain": 0.0}


def weighed(d: Decider, rows: list[dict]) -> tuple[np.ndarray, np.ndarray, list[dict]]:
    """`d`'s probability and the rightness of each answer of `rows` that passed the reply checks, and those rows."""
    kept = [o for o in rows if o.get("confidence") is not None]
    return probabilities(d, kept), np.array([bool(o["answerable"] and o["draft_lenient"]) for o in kept]), kept


def bands(model: Path, runs: list[Path], supported: float, probable: float, least: int,
          labels: dict[str, str] | None = None) -> dict[str, float]:
    """The bands of `model` read on `runs`; with `labels`, against the answers a reader judged right."""
    prob, right, _ = weighed(Decider.load(model), outcomes(runs, "hybrid", "span", labels))
    return read(prob, right, (supported, probable), least)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model", type=Path)
    p.add_argument("runs", nargs="+", type=Path)
    p.add_argument("--supported", type=float, default=0.95)
    p.add_argument("--probable", type=float, default=0.8)
    p.add_argument("--min", type=int, default=20)
    p.add_argument("--write", action="store_true")
    p.add_argument("--labels", nargs="+", type=Path, help="answers judged by a reader (eval.scoring.adjudicated)")
    a = p.parse_args()
    found = bands(a.model, a.runs, a.supported, a.probable, a.min, load_labels(a.labels) if a.labels else None)
    print(found)
    if a.write:
        data = json.loads(a.model.read_text(encoding="utf-8"))
        data["bands"] = found
        a.model.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
