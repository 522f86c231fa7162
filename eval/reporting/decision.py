"""The answer-or-refuse decision measured on stored runs: its operating curve, area and reliability,
each answer mode's figures, the shipped model beside the refit that was dropped.

    python -m eval.reporting.decision [--out docs/eval/decision]

Reads the runs named in `RUNS` (docs/eval/*.json, each with every answer's signals; see
docs/eval/README.md), computes each model's probability from the stored signals, and writes
`report.md` with the curve and reliability plots.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from rag.answer.decide import DEFAULT_MODEL, MODES

from ..decision.curves import auc, refused_at, selected
from ..decision.modes import as_decider, probabilities
from ..scoring.score import rescored
from .plots import operating_curve, reliability_diagram

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "docs" / "eval"
REFIT = EVAL / "answerability-refit-adversarial.json"  # the candidate fitted with the adversarial dev sets, dropped
RUNS = {  # (group, files): the dev runs the model was fitted on, and the held-out runs nothing was tuned on
    "dev": ["news-dev-collect.json", "adversarial-dev-collect.json", "article-dev-collect.json",
            "adversarial-article-dev-collect.json"],
    "held-out": ["news-heldout.json", "adversarial-heldout.json", "article-test.json", "adversarial-article-heldout.json",
                 "article-new.json"],
}
KINDS = [("adversarial", "written to mislead"), ("removed", "passage removed"), ("other", "article, other")]


SPAN = ("news-dev-collect.json", "news-heldout.json")  # FacQA runs: strict and lenient differ (eval.scoring.score)


def outcomes(files: list[str], run: str = "hybrid") -> list[dict]:
    """The runs' outcomes, scored again by today's rules."""
    out = []
    for name in files:
        path = EVAL / name
        if path.exists():
            scoring = "span" if name in SPAN else "keys"
            out += [rescored(o, scoring) for o in json.loads(path.read_text(encoding="utf-8"))[run]["outcomes"]]
    return out


def _fitted_on(model: dict) -> list[str]:
    fitted = model.get("fitted", {})
    return list(fitted.get("runs", fitted.get("on", [])))


def model(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def rows(runs: list[dict], probs: dict[str, np.ndarray], thresholds: dict[str, dict[str, float]]) -> list[str]:
    """Per language: AUC by kind, and each mode's answerable and unanswerable refused, per model."""
    lines = ["| model | language | AUC: adversarial / removed | mode | answerable refused | adversarial refused | "
             "removed refused | right: strict / lenient |", "|---|---|---|---|---:|---:|---:|---:|"]
    for name, prob in probs.items():
        for lang in ("id", "en"):
            areas = " / ".join(f"{auc(prob, runs, lang, k):.3f}" for k, _ in KINDS[:2])
            for mode, t in thresholds[name].items():
                ans = selected(runs, lang, True)
                right = [sum(bool(runs[i].get(k)) and not np.isnan(prob[i]) and prob[i] >= t for i in ans)
                         for k in ("draft_correct", "draft_lenient")]
                lines.append(f"| {name} | {lang} | {areas} | {mode} ({t:.3f}) | "
                             f"{100 * refused_at(prob, runs, t, lang, True):.1f}% | "
                             f"{100 * refused_at(prob, runs, t, lang, False, 'adversarial'):.1f}% | "
                             f"{100 * refused_at(prob, runs, t, lang, False, 'removed'):.1f}% | "
                             + " / ".join(f"{100 * r / max(1, len(ans)):.1f}%" for r in right) + " |")
                areas = ""
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=EVAL / "decision")
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    now, refit = model(DEFAULT_MODEL), model(REFIT)
    thresholds = {"shipped": now.get("modes", {"balanced": now["threshold"]}), "refit": refit["modes"]}
    lines = ["# The answer-or-refuse decision", "",
             f"Made by `python -m eval.reporting.decision` from the stored runs in `docs/eval/`. *shipped*: "
             f"`rag/answer/answerability.json` (fitted on {', '.join(_fitted_on(now))}, target "
             f"{now.get('fitted', {}).get('target', 'not recorded')}: {now.get('fitted', {}).get('meaning', '')}); "
             "*refit*: the candidate fitted on the same dev runs plus the adversarial ones, with all 20 signals "
             "(`answerability-refit-adversarial.json`; dropped: not ahead on held-out data, see docs/experiments.md). "
             "Every refusal counts (before generation, by the reply checks, by the model).", ""]
    for group, files in RUNS.items():
        runs = outcomes(files)
        if not runs:
            continue
        probs = {"shipped": probabilities(as_decider(now), runs), "refit": probabilities(as_decider(refit), runs)}
        lines += [f"## {group} ({len(runs)} questions: {', '.join(f for f in files if (EVAL / f).exists())})", ""]
        lines += rows(runs, probs, thresholds) + [""]
        curve_png = operating_curve(args.out / f"{group}-curve.png", runs, probs, thresholds["shipped"], group)
        rel_png = reliability_diagram(args.out / f"{group}-reliability.png", runs, probs["shipped"],
                                      f"Reliability of Answer.confidence ({group})")
        lines += [f"![operating curve, {group}]({curve_png.name}) ![reliability, {group}]({rel_png.name})", ""]
    (args.out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
