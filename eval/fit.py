"""Fit the answerability model (`rag/answerability.json`) on dev runs of the eval.

    rag eval --set eval/sets/facqa/news-dev.jsonl --config collect.toml --json dev.json
    python -m eval.fit dev.json [more.json ...] [--out rag/answerability.json] [--max-refused 0.05]

Each outcome whose answer passed the reply checks carries the signals it was decided on
(`Outcome.signals`); the label is whether the question is answerable over its corpus. Logistic
regression (scikit-learn) on standardised signals; the threshold is the highest probability at
which the model refuses no more than `--max-refused` of any language's answerable questions (the
reply checks' own refusals, of replies that are no answer, come on top and are reported). Written as JSON (feature names, scaling, coefficients,
threshold, and what it was fitted on), never pickle. Five-fold figures are printed as well.
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import numpy as np

from rag.decide import DEFAULT_MODEL, FEATURES


def rows(paths: list[Path], run: str) -> list[dict]:
    """Every outcome of `run` in the eval JSON files."""
    out = []
    for path in paths:
        out += json.loads(Path(path).read_text(encoding="utf-8"))[run]["outcomes"]
    return out


def threshold_for(prob: np.ndarray, outcomes: list[dict], max_refused: float) -> float:
    """The highest threshold at which the model itself refuses at most `max_refused` of each
    language's answerable questions (`prob`: per outcome, NaN where the reply checks refused:
    those refusals are the checks', reported beside it, not the model's)."""
    best = 1.0
    for lang in sorted({o["lang"] for o in outcomes}):
        mask = np.array([o["answerable"] and o["lang"] == lang for o in outcomes])
        decided = np.sort(prob[mask][~np.isnan(prob[mask])])
        allowed = int(max_refused * mask.sum())
        if decided.size:
            best = min(best, float(decided[allowed]) if allowed < decided.size else 1.0)
    return best


def fit(outcomes: list[dict], features: tuple[str, ...], max_refused: float, c: float = 1.0) -> dict:
    from sklearn.linear_model import LogisticRegression

    decided = [o for o in outcomes if o.get("confidence") is not None and o.get("signals")]
    x = np.array([[o["signals"][f] for f in features] for o in decided], dtype=float)
    y = np.array([o["answerable"] for o in decided], dtype=int)
    mean, scale = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    fitted = {"features": list(features), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
              "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6)}
    fitted["threshold"] = round(threshold_for(probabilities(fitted, outcomes), outcomes, max_refused), 6)
    return fitted


def probabilities(fitted: dict, outcomes: list[dict]) -> np.ndarray:
    """The fitted model's probability per outcome (NaN where the reply checks refused)."""
    out = np.full(len(outcomes), np.nan)
    for i, o in enumerate(outcomes):
        if o.get("confidence") is not None and o.get("signals"):
            x = np.array([o["signals"][f] for f in fitted["features"]])
            z = fitted["intercept"] + float(np.dot(fitted["coef"], (x - fitted["mean"]) / np.array(fitted["scale"])))
            out[i] = 1 / (1 + np.exp(-z))
    return out


def figures(prob: np.ndarray, threshold: float, outcomes: list[dict]) -> dict[str, float]:
    """Refusal rates and lenient accuracy per language when answers below `threshold` are refused."""
    shown = ~np.isnan(prob) & (np.nan_to_num(prob, nan=-1) >= threshold)
    out = {}
    for lang in sorted({o["lang"] for o in outcomes}):
        ans = [i for i, o in enumerate(outcomes) if o["lang"] == lang and o["answerable"]]
        una = [i for i, o in enumerate(outcomes) if o["lang"] == lang and not o["answerable"]]
        out[f"{lang} answerable refused"] = round(1 - shown[ans].mean(), 4) if ans else float("nan")
        out[f"{lang} lenient"] = round(float(np.mean([shown[i] and outcomes[i]["draft_lenient"] for i in ans])), 4) if ans else float("nan")
        out[f"{lang} unanswerable refused"] = round(1 - shown[una].mean(), 4) if una else float("nan")
    return out


def cross_validated(outcomes: list[dict], features: tuple[str, ...], max_refused: float, folds: int = 5) -> dict:
    """Out-of-fold figures: each fold decided by a model (and threshold) fitted on the others, split by question."""
    base = sorted({o["id"].split("-")[0] for o in outcomes})
    fold_of = {q: i % folds for i, q in enumerate(base)}
    prob, thresholds = np.full(len(outcomes), np.nan), []
    for k in range(folds):
        train = [o for o in outcomes if fold_of[o["id"].split("-")[0]] != k]
        fitted = fit(train, features, max_refused)
        test = [i for i, o in enumerate(outcomes) if fold_of[o["id"].split("-")[0]] == k]
        p = probabilities(fitted, [outcomes[i] for i in test])
        prob[test] = np.where(np.isnan(p), np.nan, (p >= fitted["threshold"]).astype(float))
        thresholds.append(fitted["threshold"])
    return figures(prob, 0.5, outcomes)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", type=Path, help="eval JSON files (rag eval --json) of dev sets")
    p.add_argument("--run", default="hybrid", help="which pipeline's outcomes to learn from (default: hybrid)")
    p.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    p.add_argument("--max-refused", type=float, default=0.05, help="answerable refused at most (per language, on dev)")
    p.add_argument("--features", default=",".join(FEATURES), help="comma-separated signal names")
    args = p.parse_args()
    outcomes = rows(args.runs, args.run)
    features = tuple(f for f in args.features.split(",") if f)
    fitted = fit(outcomes, features, args.max_refused)
    fitted["fitted"] = {"on": [str(r) for r in args.runs], "outcomes": len(outcomes), "date": date.today().isoformat(),
                        "max_refused": args.max_refused,
                        "dev": figures(probabilities(fitted, outcomes), fitted["threshold"], outcomes),
                        "five_fold": cross_validated(outcomes, features, args.max_refused)}
    args.out.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(fitted, indent=1))


if __name__ == "__main__":
    main()
