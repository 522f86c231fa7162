"""Fit the answerability model (`rag/answer/answerability.json`) and its answer modes on dev runs.

    rag eval --set eval/sets/facqa/news-dev.jsonl --config collect.toml --json dev.json   (every answer shown)
    python -m eval.fit dev.json [more.json ...] [--out rag/answer/answerability.json]

Each outcome whose answer passed the reply checks carries the signals it was decided on
(`Outcome.signals`). The label (`--target`) is whether the answer is right (answerable and the
draft lenient-correct: the default, so that `Answer.confidence` reads as "how likely this answer is
right") or only whether the question is answerable. Logistic regression (scikit-learn) on
standardised signals, written as JSON (feature names, scaling, coefficients, the modes' thresholds,
what it was fitted on), never pickle.

The modes' thresholds are read off the dev operating curve (answerable refused against
unanswerable refused, every refusal counted: before generation, by the reply checks, by the model)
of five-fold out-of-fold probabilities, worst language and kind of unanswerable question first
(written to mislead, passage removed: each must meet the share on its own):
careful: the threshold where the worst language's unanswerable refused (the two kinds weighed
alike) less its answerable refused is largest (Youden's J: an invented answer and a refused
answerable question weigh the same); balanced: the highest threshold refusing at most 20% of each
language's answerable questions (the cost of the model before the adversarial sets, 19% on dev), so
that the default answers as many questions right as before; eager: the same at 10% (0 when the
checks before the decision refuse more than that already: every answer past them shown);
careful >= balanced >= eager. `--careful`, `--balanced`, `--eager` take other rules, e.g.
"unanswerable>=0.9" (the lowest threshold refusing 90% of each kind and language).
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import numpy as np

from rag.answer.decide import DEFAULT_MODEL, FEATURES

from .curves import auc, kind_of, refused_at, weighed

TARGETS = ("right", "answerable")


def rows(paths: list[Path], run: str) -> list[dict]:
    """Every outcome of `run` in the eval JSON files."""
    out = []
    for path in paths:
        out += json.loads(Path(path).read_text(encoding="utf-8"))[run]["outcomes"]
    return out


def label(o: dict, target: str) -> int:
    return int(o["answerable"] and (target == "answerable" or bool(o.get("draft_lenient"))))


def fit(outcomes: list[dict], features: tuple[str, ...], target: str = "right", c: float = 1.0) -> dict:
    from sklearn.linear_model import LogisticRegression

    decided = [o for o in outcomes if weighed(o)]
    x = np.array([[o["signals"][f] for f in features] for o in decided], dtype=float)
    x = np.where(np.isnan(x), np.nanmean(x, axis=0), x)
    y = np.array([label(o, target) for o in decided], dtype=int)
    mean, scale = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(C=c, max_iter=4000).fit((x - mean) / scale, y)
    return {"features": list(features), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6)}


def probabilities(fitted: dict, outcomes: list[dict]) -> np.ndarray:
    """The fitted model's probability per outcome (NaN where nothing was weighed)."""
    out = np.full(len(outcomes), np.nan)
    for i, o in enumerate(outcomes):
        if weighed(o):
            x = np.array([o["signals"][f] for f in fitted["features"]], dtype=float)
            keep = ~np.isnan(x)
            z = fitted["intercept"] + float(np.dot(np.array(fitted["coef"])[keep],
                                                   ((x - fitted["mean"]) / np.array(fitted["scale"]))[keep]))
            out[i] = 1 / (1 + np.exp(-z))
    return out


def out_of_fold(outcomes: list[dict], features: tuple[str, ...], target: str, folds: int = 5) -> np.ndarray:
    """Each outcome's probability under a model fitted on the other folds (split by question)."""
    base = sorted({o["id"].split("-")[0] for o in outcomes})
    fold_of = {q: i % folds for i, q in enumerate(base)}
    prob = np.full(len(outcomes), np.nan)
    for k in range(folds):
        fitted = fit([o for o in outcomes if fold_of[o["id"].split("-")[0]] != k], features, target)
        test = [i for i, o in enumerate(outcomes) if fold_of[o["id"].split("-")[0]] == k]
        prob[test] = probabilities(fitted, [outcomes[i] for i in test])
    return prob


Rule = tuple[str, float]  # ("unanswerable", share): refuse at least that share; ("answerable", share): at
# most that share of the answerable; ("youden", 0): the most unanswerable refused less answerable refused
RULES: dict[str, Rule] = {"careful": ("youden", 0.0), "balanced": ("answerable", 0.20), "eager": ("answerable", 0.10)}


def rule(text: str) -> Rule:
    """A mode's rule from the command line: "unanswerable>=0.9", "answerable<=0.1" or "youden".

    >>> rule("unanswerable>=0.9"), rule("answerable<=0.1"), rule("youden")
    (('unanswerable', 0.9), ('answerable', 0.1), ('youden', 0.0))
    """
    if text.strip() == "youden":
        return "youden", 0.0
    for side, sign in (("unanswerable", ">="), ("answerable", "<=")):
        head, _, share = text.partition(sign)
        if head.strip() == side and share:
            return side, float(share)
    raise argparse.ArgumentTypeError(f"{text!r}: write unanswerable>=SHARE, answerable<=SHARE or youden")


def said(r: Rule) -> str:
    return "youden" if r[0] == "youden" else f"{r[0]} {'>=' if r[0] == 'unanswerable' else '<='} {r[1]}"


def choose_modes(prob: np.ndarray, outcomes: list[dict], rules: dict[str, Rule] | None = None) -> dict:
    """The modes' thresholds on the dev curve (see the module docstring), careful >= balanced >= eager."""
    grid = np.unique(np.concatenate([[0.0, 1.0], np.round(prob[~np.isnan(prob)], 3)]))
    langs = sorted({o["lang"] for o in outcomes})
    kinds = kinds_in(outcomes)

    def threshold(side: str, share: float) -> float:
        if side == "unanswerable":  # the lowest refusing at least `share` of each language's each kind
            worst = lambda t: min(refused_at(prob, outcomes, t, lang, False, kind) for lang in langs for kind in kinds)  # noqa: E731
            return float(next((t for t in grid if worst(t) >= share), grid[-1]))
        worst = lambda t: max(refused_at(prob, outcomes, t, lang, True) for lang in langs)  # noqa: E731
        if side == "answerable":
            return float(max((t for t in grid if worst(t) <= share), default=0.0))
        # youden: the worst language's mean unanswerable refused (each kind weighed alike) less its answerable refused
        gain = lambda t: min(np.mean([refused_at(prob, outcomes, t, lang, False, kind) for kind in kinds])  # noqa: E731
                             - refused_at(prob, outcomes, t, lang, True) for lang in langs)
        return float(max(np.round(np.linspace(0, 1, 201), 3), key=gain))

    chosen = {mode: threshold(*r) for mode, r in (rules or RULES).items()}
    chosen["balanced"] = min(chosen["balanced"], chosen["careful"])
    chosen["eager"] = min(chosen["eager"], chosen["balanced"])
    return chosen


def kinds_in(outcomes: list[dict]) -> list[str | None]:
    """The kinds of unanswerable question the outcomes hold, as `eval.curves.selected` names them
    ("adversarial": written to mislead; "removed": the passage taken out); [None] when neither."""
    found = {kind_of(o) for o in outcomes if not o["answerable"]}
    kinds = (["adversarial"] if found - {"removed", "other"} else []) + (["removed"] if "removed" in found else [])
    return kinds or [None]


def figures(prob: np.ndarray, thresholds: dict, outcomes: list[dict]) -> dict:
    """Per mode and language: answerable refused, right (lenient), unanswerable refused."""
    out = {}
    for mode, t in thresholds.items():
        for lang in sorted({o["lang"] for o in outcomes}):
            ans = [i for i, o in enumerate(outcomes) if o["lang"] == lang and o["answerable"]]
            shown = [i for i in ans if not np.isnan(prob[i]) and prob[i] >= t]
            out[f"{mode} {lang} answerable refused"] = round(refused_at(prob, outcomes, t, lang, True), 4)
            out[f"{mode} {lang} right"] = round(sum(bool(outcomes[i]["draft_lenient"]) for i in shown) / max(1, len(ans)), 4)
            out[f"{mode} {lang} unanswerable refused"] = round(refused_at(prob, outcomes, t, lang, False), 4)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", type=Path, help="eval JSON files (rag eval --json) of dev sets")
    p.add_argument("--run", default="hybrid", help="which pipeline's outcomes to learn from (default: hybrid)")
    p.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    p.add_argument("--target", choices=TARGETS, default="right", help="what the probability is of")
    p.add_argument("--features", default=",".join(FEATURES), help="comma-separated signal names")
    for mode, (side, share) in RULES.items():
        p.add_argument(f"--{mode}", type=rule, default=(side, share), help=f"{mode}'s rule on dev (default: {said((side, share))})")
    args = p.parse_args()
    outcomes = rows(args.runs, args.run)
    features = tuple(f for f in args.features.split(",") if f)
    fitted = fit(outcomes, features, args.target)
    oof = out_of_fold(outcomes, features, args.target)
    rules = {mode: getattr(args, mode) for mode in RULES}
    modes = choose_modes(oof, outcomes, rules)
    fitted.update(threshold=modes["balanced"], modes=modes)
    fitted["fitted"] = {"on": [str(r) for r in args.runs], "outcomes": len(outcomes), "date": date.today().isoformat(),
                        "target": args.target, "rules": {m: said(r) for m, r in rules.items()},
                        "five_fold_auc": round(auc(oof, outcomes), 4), "five_fold": figures(oof, modes, outcomes)}
    args.out.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in fitted.items() if k not in ("mean", "scale")}, indent=1))


if __name__ == "__main__":
    main()
