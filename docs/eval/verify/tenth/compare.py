"""Tenth round: on the same answers, five-fold AUC (target right, folds by question) of probes of the state
where the prompt ends, where the draft ends, and where the generator answers a yes/no check of its draft
(`checkstate.py`); P(yes) of each check; and the decision model's signals with and without the check's probe.

    python docs/eval/verify/tenth/compare.py RUN.json --states RUN-states.npz --checks DIR
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from eval.decision.fit import label
from eval.decision.probe import CS, _fold_of, out_of_fold
from eval.decision.signals import auc
from rag.answer.decide import Decider

SOURCES = {"prompt end": ("run", 0), "draft end": ("run", 1), "check (question's language)": ("check", 0),
           "check (short, English)": ("check", 1)}


def best(x: np.ndarray, y: np.ndarray, groups: list[str]) -> tuple[float, float, np.ndarray]:
    """The probe's five-fold AUC at its best strength (the same grid and choice for every source)."""
    found = {c: out_of_fold(x, y, groups, c) for c in CS}
    c = max(found, key=lambda k: auc(found[k], y.astype(bool)))
    return c, auc(found[c], y.astype(bool)), found[c]


def decision_auc(rows: np.ndarray, y: np.ndarray, groups: list[str]) -> float:
    """Five-fold AUC of a logistic regression on `rows` (the shipped model's solver, C = 1)."""
    from sklearn.linear_model import LogisticRegression

    fold, out = _fold_of(groups), np.zeros(len(y))
    x = np.where(np.isnan(rows), np.nanmean(rows, axis=0), rows)
    for k in range(5):
        tr = fold != k
        mean, scale = x[tr].mean(0), x[tr].std(0) + 1e-9
        m = LogisticRegression(C=1.0, max_iter=4000).fit((x[tr] - mean) / scale, y[tr])
        out[~tr] = m.predict_proba((x[~tr] - mean) / scale)[:, 1]
    return auc(out, y.astype(bool))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("run", type=Path)
    p.add_argument("--states", type=Path, required=True)
    p.add_argument("--checks", type=Path, required=True)
    p.add_argument("--lang", choices=("id", "en"))
    a = p.parse_args()
    outcomes = {o["id"]: o for o in json.loads(a.run.read_text(encoding="utf-8"))["hybrid"]["outcomes"]}
    rows = {r["id"]: r for r in map(json.loads, (a.checks / "rows.jsonl").read_text().splitlines())}
    with np.load(a.checks / "states.npz") as z:
        checks = {k: z[k].astype(np.float32) for k in z.files}
    with np.load(a.states) as z:
        run = {k: z[k].astype(np.float32) for k in z.files if k in checks}
    ids = sorted(i for i in checks if i in run and (a.lang is None or outcomes[i]["lang"] == a.lang))
    y = np.array([label(outcomes[i], "right") for i in ids])
    groups = [i.split("-")[0] for i in ids]
    print(f"{len(ids)} answers, {y.sum()} right")
    oof = {}
    for name, (src, row) in SOURCES.items():
        x = np.stack([(run if src == "run" else checks)[i][row] for i in ids])
        c, score, oof[name] = best(x, y, groups)
        print(f"| probe at {name} | {score:.3f} | C = {c:g} |")
    for k in ("p_yes_own", "p_yes_short"):
        v = np.array([rows[i][k] if rows[i][k] is not None else np.nan for i in ids], dtype=float)
        print(f"| P(yes), {k} | {auc(np.nan_to_num(v, nan=0.5), y.astype(bool)):.3f} | |")
    d = Decider.load(Path("rag/answer/answerability.json"))
    base = np.array([[outcomes[i]["signals"].get(f, np.nan) for f in d.features if not f.startswith("probe")] for i in ids], dtype=float)
    shipped = np.array([outcomes[i]["signals"]["probe"] for i in ids]), np.array([outcomes[i]["signals"]["probe_prompt"] for i in ids])
    print(f"| shipped probes (fitted on 1,115 other answers): draft end {auc(shipped[0], y.astype(bool)):.3f}, "
          f"prompt end {auc(shipped[1], y.astype(bool)):.3f}; stored confidence "
          f"{auc(np.array([outcomes[i]['confidence'] for i in ids]), y.astype(bool)):.3f} |")
    combos = {"signals + both probes (here)": ["prompt end", "draft end"],
              "+ check probe (question's language)": ["prompt end", "draft end", "check (question's language)"],
              "+ check probe (short)": ["prompt end", "draft end", "check (short, English)"],
              "signals + prompt end + short check (no draft probe)": ["prompt end", "check (short, English)"]}
    for name, use in combos.items():
        x = np.column_stack([base] + [oof[u] for u in use])
        print(f"| decision: {name} | {decision_auc(x, y, groups):.3f} | |")


if __name__ == "__main__":
    main()
