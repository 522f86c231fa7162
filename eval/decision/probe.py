"""A linear probe of the generator's own state: does its last layer, where it answers its own check,
say whether the answer is right?

    rag eval --set DEV.jsonl --config collect.toml --json DEV.json --hidden HID      (states saved per answer)
    python -m eval.decision.probe fit DEV.json --hidden HID/hybrid [--row 0] --out rag/answer/probe.json
    python -m eval.decision.probe fit DEV.json --hidden HID/hybrid --saved 7,14,-1 --layers 14 --out ...
    python -m eval.decision.probe apply RUN.json --hidden HID/hybrid --probe rag/answer/probe.json --out RUN.probe.json [--oof]
        [--signal probe_prompt --row 0]   (another signal, from another row of the saved states)
    python -m eval.decision.probe pack HID/hybrid --out STATES.npz [--saved 7,14,-1 --layers 14]   (the states as one
        file, by id, of the layers given: --hidden takes it)

`fit`: logistic regression (scikit-learn, L2, its strength chosen by five-fold cross-validation on
the dev answers, folds by question) on the standardised state of row `--row` (the rows as saved: with
`--hidden-at answer` the draft's end first, then the checks'; with `--hidden-at prompt` the prompt's end,
then the draft's), target right (answerable
and lenient-correct); written as JSON (mean, scale, coefficients), never pickle, with its five-fold
AUC. `apply`: the run with `signals.probe` set for every answer with a saved state (`--oof`: each dev
answer scored by a probe fitted on the other folds, so that a decision fitted on it is not fooled).
Semantic-entropy probes (Kossen et al., 2024) are the idea. States saved with several layers
(`rag eval --hidden-layers`) are read with `--saved` (the layers as saved, one after another) and
`--layers` (those the probe weighs; recorded in its JSON, and read by the bot).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from rag.answer.probe import Layers, pick

from .fit import label
from .signals import auc

CS = (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
FOLDS = 5


def _states(hidden: Path) -> dict[str, np.ndarray]:
    """The saved states by answer id: a folder of ID.npy (as `rag eval --hidden` writes) or one .npz."""
    if hidden.suffix == ".npz":
        with np.load(hidden) as packed:
            return {k: packed[k] for k in packed.files}
    return {f.stem: np.load(f) for f in sorted(hidden.glob("*.npy"))}


def data(run: dict, hidden: Path, row: int, saved: Layers = (-1,), layers: Layers = (-1,),
         ) -> tuple[list[int], np.ndarray, np.ndarray, list[str]]:
    """Indexes of the answers with a saved state, their states, labels (right) and question groups."""
    idx, xs, ys, groups = [], [], [], []
    found = _states(hidden)
    for i, o in enumerate(run["outcomes"]):
        if o.get("confidence") is None or o["id"] not in found:
            continue
        states = found[o["id"]].astype(np.float32)
        if len(states) <= row:
            continue
        idx.append(i), xs.append(pick(states[row], saved, layers)), ys.append(label(o, "right"))
        groups.append(o["id"].split("-")[0])
    return idx, np.array(xs), np.array(ys, dtype=int), groups


def _fold_of(groups: list[str]) -> np.ndarray:
    order = {g: k % FOLDS for k, g in enumerate(sorted(set(groups)))}
    return np.array([order[g] for g in groups])


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> dict:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(0), x.std(0) + 1e-6
    m = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    return {"mean": mean.tolist(), "scale": scale.tolist(), "coef": m.coef_[0].tolist(),
            "intercept": float(m.intercept_[0]), "C": c}


def score(probe: dict, x: np.ndarray) -> np.ndarray:
    z = probe["intercept"] + ((x - np.array(probe["mean"])) / np.array(probe["scale"])) @ np.array(probe["coef"])
    return 1 / (1 + np.exp(-z))


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: list[str], c: float) -> np.ndarray:
    fold, out = _fold_of(groups), np.zeros(len(y))
    for k in range(FOLDS):
        out[fold == k] = score(_fit(x[fold != k], y[fold != k], c), x[fold == k])
    return out


def fit(run: dict, hidden: Path, row: int, saved: Layers = (-1,), layers: Layers = (-1,)) -> dict:
    _, x, y, groups = data(run, hidden, row, saved, layers)
    aucs = {c: auc(out_of_fold(x, y, groups, c), y.astype(bool)) for c in CS}
    best = max(aucs, key=aucs.get)
    return {**_fit(x, y, best), "row": row, "layers": list(layers), "answers": len(y), "right": int(y.sum()),
            "five_fold_auc": {str(c): round(a, 4) for c, a in aucs.items()}}


def apply(run: dict, hidden: Path, probe: dict, oof: bool, saved: Layers = (-1,), signal: str = "probe",
          row: int | None = None) -> dict:
    """The run with `signals[signal]` set from the states' row `row` (default: the probe's own)."""
    idx, x, y, groups = data(run, hidden, probe["row"] if row is None else row, saved, tuple(probe.get("layers", [-1])))
    p = out_of_fold(x, y, groups, probe["C"]) if oof else score(probe, x)
    for i, v in zip(idx, p):
        run["outcomes"][i]["signals"][signal] = round(float(v), 6)
    for o in run["outcomes"]:
        if o.get("signals") is not None:
            o["signals"].setdefault(signal, float("nan"))
    return run


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("action", choices=("fit", "apply", "pack"))
    p.add_argument("run", type=Path, help="an eval JSON (fit, apply) or a folder of states (pack)")
    p.add_argument("--hidden", type=Path)
    p.add_argument("--key", default="hybrid")
    p.add_argument("--row", type=int, help="the row of each saved state (default: fit 0; apply the probe's)")
    p.add_argument("--signal", default="probe", help="apply: the signal set (probe, or probe_prompt)")
    p.add_argument("--probe", type=Path)
    p.add_argument("--oof", action="store_true")
    p.add_argument("--saved", default="-1", help="the layers in the saved states, one after another (default: the last)")
    p.add_argument("--layers", default="-1", help="fit: the layers the probe weighs (default: the last)")
    p.add_argument("--out", type=Path, required=True)
    a = p.parse_args()
    saved, layers = (tuple(int(n) for n in v.split(",")) for v in (a.saved, a.layers))
    if a.action == "pack":  # with --layers: only those (the saved layers named by --saved)
        states = {k: np.stack([pick(r, saved, layers) for r in v]) for k, v in _states(a.run).items()}
        np.savez_compressed(a.out, **states)
        print(f"{a.out}: {len(states)} states")
        return
    if a.hidden is None:
        p.error("--hidden is required with fit and apply")
    data_ = json.loads(a.run.read_text(encoding="utf-8"))
    if a.action == "fit":
        probe = fit(data_[a.key], a.hidden, a.row or 0, saved, layers)
        a.out.write_text(json.dumps(probe), encoding="utf-8")
        print(f"{a.out}: {probe['answers']} answers, five-fold AUC by C {probe['five_fold_auc']}")
    else:
        data_[a.key] = apply(data_[a.key], a.hidden, json.loads(a.probe.read_text(encoding="utf-8")), a.oof, saved,
                             a.signal, a.row)
        a.out.write_text(json.dumps(data_, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{a.out}: signal {a.signal} set")


if __name__ == "__main__":
    main()
