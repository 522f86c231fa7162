"""AUC (right against the rest, over the answers weighed) of each probe and decision model on runs,
by the scorer and, where a labels file is given, as judged by the readers.

    python docs/eval/verify/seventh/aucs.py RUN_A.json RUN_B.json --model A.json --model B.json [--labels L.jsonl]

RUN_A holds model A's signals (its probes), RUN_B the same answers with model B's.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from eval.decision.compare import outcomes
from eval.decision.modes import as_decider, probabilities
from eval.decision.signals import auc
from eval.scoring.adjudicated import load


def table(run: Path, model: Path, labels: dict | None) -> dict[str, float]:
    rows = [o for o in outcomes([run], "hybrid", "span", labels) if o.get("confidence") is not None]
    right = np.array([bool(o["answerable"] and o["draft_lenient"]) for o in rows])
    out = {}
    for lang in ("id", "en", None):
        keep = np.array([lang is None or o["lang"] == lang for o in rows])
        scores = {"probe": np.array([o["signals"]["probe"] for o in rows]),
                  "probe_prompt": np.array([o["signals"]["probe_prompt"] for o in rows]),
                  "model": probabilities(as_decider(json.loads(model.read_text(encoding="utf-8"))), rows)}
        for name, s in scores.items():
            out[f"{name} {lang or 'all'}"] = round(auc(s[keep], right[keep]), 3)
    out["answers"], out["right"] = len(rows), int(right.sum())
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run_a", type=Path)
    p.add_argument("run_b", type=Path)
    p.add_argument("--model", type=Path, action="append", required=True)
    p.add_argument("--labels", type=Path)
    a = p.parse_args()
    for how, labels in (("scorer", None), ("judged", load([a.labels]) if a.labels else None)):
        if how == "judged" and labels is None:
            continue
        for name, run, model in (("A", a.run_a, a.model[0]), ("B", a.run_b, a.model[1])):
            print(how, name, model.name, table(run, model, labels))


if __name__ == "__main__":
    main()
