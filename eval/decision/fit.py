"""Fit the answerability model (`rag/answer/answerability.json`) and its answer modes on dev runs.

    rag eval --set eval/sets/facqa/news-dev.jsonl --config collect.toml --json dev.json   (every answer shown)
    python -m eval.decision.fit dev.json [more.json ...] --target right --features a,b,... [--span dev.json] [--out MODEL.json]
    python -m eval.decision.fit --again rag/answer/answerability.json --out /tmp/again.json   (the recorded command)

Each outcome whose answer passed the reply checks carries the signals it was decided on
(`Outcome.signals`). The label (`--target`, no default: the model's meaning is chosen, not assumed)
is `answerable` (the question is answerable over its corpus: the probability then says how
answerable the question looks, not whether the answer is right) or `right` (answerable and the
draft lenient-correct; every stored answer is scored again by today's `eval.scoring.score`, `--span` naming
the FacQA runs). Logistic regression (scikit-learn, lbfgs) on standardised signals, a signal
that was not measured (NaN) taking its column's mean; written as JSON, never pickle.

The JSON records every input under "fitted": the command that makes it again with every option
spelt out (`--again` runs it, from the repository root), each run's sha256, the target, the solver settings, the library
versions, and where the modes' thresholds were read. tests/eval/test_fit.py runs the shipped
model's command and compares the result with the shipped file.

`--bands` sets the confidence words' bands on the fit's answers: on the fitted model's own probabilities,
or (`--bands-curve five-fold`) on the out-of-fold ones, which new questions bear out better;
`--band-shares 0.95,0.84` says how often each band's answers must be right (default 0.95,0.8).

The modes' thresholds are read off an operating curve (`eval.decision.thresholds`): by default the five-fold
out-of-fold probabilities on the fit's own runs; `--modes-on RUN ...` with `--curve model` reads them
off the fitted model's own probabilities on other runs (a rule ending in `@fit` is still read on the
fit's runs).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shlex
from importlib import metadata
from pathlib import Path

import numpy as np

from ..scoring.score import rescored
from .bands import read
from .curves import auc, weighed
from .fitargs import BAND_MIN, command, parser
from .modes import as_decider, probabilities
from .thresholds import RULES, Rule, choose_modes, figures, kinds_in, rule, said  # noqa: F401 - the CLI's rules

MEANING = {"answerable": "P(the question is answerable | the answer passed the reply checks), not P(the answer is right)",
           "right": "P(the answer is right: answerable and lenient-correct | it passed the reply checks)"}
C, MAX_ITER = 1.0, 4000


def rows(paths: list[Path], run: str, span: list[Path] = ()) -> list[dict]:
    """Every outcome of `run` in the eval JSON files, scored again by today's rules (`eval.scoring.score`;
    the runs in `span` as span items, FacQA's, the others by their keys), so that the label `right`
    never comes from an older rule's stored flag."""
    out = []
    for path in paths:
        scoring = "span" if str(path) in set(map(str, span)) else "keys"
        out += [rescored(o, scoring) for o in json.loads(Path(path).read_text(encoding="utf-8"))[run]["outcomes"]]
    return out


def label(o: dict, target: str) -> int:
    return int(o["answerable"] and (target == "answerable" or bool(o.get("draft_lenient"))))


def fit(outcomes: list[dict], features: tuple[str, ...], target: str, c: float = C) -> dict:
    from sklearn.linear_model import LogisticRegression

    decided = [o for o in outcomes if weighed(o)]
    x = np.array([[o["signals"][f] for f in features] for o in decided], dtype=float)
    x = np.where(np.isnan(x), np.nanmean(x, axis=0), x)
    y = np.array([label(o, target) for o in decided], dtype=int)
    mean, scale = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(C=c, max_iter=MAX_ITER).fit((x - mean) / scale, y)
    return {"features": list(features), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6)}


def out_of_fold(outcomes: list[dict], features: tuple[str, ...], target: str, folds: int = 5) -> np.ndarray:
    """Each outcome's probability under a model fitted on the other folds (split by question)."""
    base = sorted({o["id"].split("-")[0] for o in outcomes})
    fold_of = {q: i % folds for i, q in enumerate(base)}
    prob = np.full(len(outcomes), np.nan)
    for k in range(folds):
        fitted = fit([o for o in outcomes if fold_of[o["id"].split("-")[0]] != k], features, target)
        test = [i for i, o in enumerate(outcomes) if fold_of[o["id"].split("-")[0]] == k]
        prob[test] = probabilities(as_decider(fitted), [outcomes[i] for i in test])
    return prob


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def run(args: argparse.Namespace) -> dict:
    """The model and its record, as `args` say."""
    outcomes = rows(args.runs, args.run, args.span)
    features = tuple(f for f in args.features.split(",") if f)
    fitted = fit(outcomes, features, args.target)
    oof = out_of_fold(outcomes, features, args.target)
    modes_on = args.modes_on or args.runs
    stray = [str(r) for r in args.span if str(r) not in set(map(str, [*args.runs, *modes_on]))]
    if stray:
        raise SystemExit(f"--span names runs not given: {', '.join(stray)}")
    if args.curve == "five-fold" and args.modes_on and list(args.modes_on) != list(args.runs):
        raise SystemExit("--curve five-fold reads the fit's own runs: drop --modes-on or use --curve model")
    on = rows(modes_on, args.run, args.span) if args.modes_on else outcomes
    curve = (oof if args.curve == "five-fold" else probabilities(as_decider(fitted), on), on)
    own = (oof if args.curve == "five-fold" else probabilities(as_decider(fitted), outcomes), outcomes)
    rules = {mode: getattr(args, mode) for mode in RULES}
    modes = choose_modes(*curve, rules, fit_curve=own)
    fitted.update(threshold=modes["balanced"], modes=modes)
    if args.gate:
        fitted["gates"] = dict(args.gate)
    if args.bands:  # the confidence words: where the fit's answers are right >= 95% / >= 80% of the time
        decided = [o for o in outcomes if weighed(o)]
        if args.bands_curve == "five-fold":  # out of fold: the model's own probabilities ran high on new questions
            prob = oof[[weighed(o) for o in outcomes]]
        else:
            prob = probabilities(as_decider(fitted), decided)
        fitted["bands"] = read(prob, np.array([bool(label(o, "right")) for o in decided]), args.band_shares, BAND_MIN)
    fitted["fitted"] = {
        "command": command(args), "meaning": MEANING[args.target], "target": args.target, "run": args.run,
        "runs": {str(r): sha256(r) for r in args.runs}, "scored": "today's eval.scoring.score, span: " + (
            ", ".join(map(str, args.span)) or "none"), "outcomes": len(outcomes),
        "weighed": sum(weighed(o) for o in outcomes),
        "solver": {"model": "sklearn LogisticRegression (lbfgs)", "C": C, "max_iter": MAX_ITER,
                   "missing": "column mean", "scaling": "(x - mean) / (std + 1e-9)", "folds": 5},
        "modes": {"curve": args.curve, "runs": {str(r): sha256(r) for r in modes_on}, "kinds": kinds_in(on),
                  "rules": {m: said(r) for m, r in rules.items()}},
        "versions": {lib: metadata.version(lib) for lib in ("scikit-learn", "numpy")},
        "note": args.note,
        "five_fold_auc": round(auc(oof, outcomes), 4), "five_fold": figures(oof, modes, outcomes)}
    return fitted


def main(argv: list[str] | None = None) -> None:
    p = parser()
    args = p.parse_args(argv)
    if args.again:
        recorded = shlex.split(json.loads(args.again.read_text(encoding="utf-8"))["fitted"]["command"])
        args = p.parse_args(recorded[3:] + ["--out", str(args.out)])
    missing = [name for name, v in (("runs", args.runs), ("--target", args.target), ("--features", args.features)) if not v]
    if missing:
        p.error(f"give {', '.join(missing)} (or --again MODEL.json)")
    fitted = run(args)
    args.out.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in fitted.items() if k not in ("mean", "scale")}, indent=1))


if __name__ == "__main__":
    main()
