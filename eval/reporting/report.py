"""Markdown report with PNG plots: accuracy by language and section, latency, failures."""
from __future__ import annotations

import html
from pathlib import Path

from ..running.run import Outcome, Summary
from ..scoring.stats import spread
from .tables import table

HEADINGS = {"naive": "Naive baseline", "oracle": "Perfect retrieval (the evidence paragraph first)"}


def _plots(folder: Path, outcomes: list[Outcome], tag: str) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    made = []
    ans = [o for o in outcomes if o.answerable]
    groups = {"Indonesian": [o for o in ans if o.lang == "id"], "English": [o for o in ans if o.lang == "en"],
              "unanswerable": [o for o in outcomes if not o.answerable]}
    fig, ax = plt.subplots(figsize=(5, 3))
    names = [k for k, v in groups.items() if v]
    ax.bar(names, [100 * sum(o.correct for o in groups[k]) / len(groups[k]) for k in names], color="#4C72B0")
    ax.set_ylabel("% correct")
    ax.set_ylim(0, 100)
    ax.set_title("Accuracy by language")
    fig.tight_layout()
    fig.savefig(folder / f"{tag}-language.png", dpi=110)
    made.append(f"{tag}-language.png")
    plt.close(fig)

    sections: dict[str, list[bool]] = {}
    for o in ans:
        sections.setdefault(o.section[:40] or "(none)", []).append(o.correct)
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(sections) + 1))
    labels = list(sections)
    ax.barh(labels, [100 * sum(v) / len(v) for v in sections.values()], color="#55A868")
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% correct")
    ax.set_title("Accuracy by article section")
    fig.tight_layout()
    fig.savefig(folder / f"{tag}-section.png", dpi=110)
    made.append(f"{tag}-section.png")
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5, 3))
    ax.hist([o.seconds for o in outcomes], bins=20, color="#C44E52")
    ax.set_xlabel("seconds per answer")
    ax.set_ylabel("questions")
    ax.set_title("Latency")
    fig.tight_layout()
    fig.savefig(folder / f"{tag}-latency.png", dpi=110)
    made.append(f"{tag}-latency.png")
    plt.close(fig)
    return made


def _cell(text: str) -> str:
    return html.escape(" ".join(text.split())).replace("|", "\\|")

def write_report(folder: Path, results: dict[str, tuple[Summary, list[Outcome]]], set_path: Path,
                 split: str = "all") -> Path:
    """Write `folder/report.md` and its plots; returns the report's path."""
    folder.mkdir(parents=True, exist_ok=True)
    part = "" if split == "all" else f", {split} split"
    lines = [f"# Eval report: {set_path.name}{part}", "", table({m: s for m, (s, _) in results.items()}), ""]
    lines += spread({m: o for m, (_, o) in results.items()}) + [""]
    for mode, (_, outcomes) in results.items():
        lines += [f"## {HEADINGS.get(mode, 'Retriever: ' + mode)}", ""]
        lines += [f"![{p}]({p})" for p in _plots(folder, outcomes, mode)]
        failures = [o for o in outcomes if not o.correct or o.citation_correct is False]
        lines += ["", f"### Failures ({len(failures)})", "",
                  "| id | lang | question | answer | expected | cited | evidence rank |", "|---|---|---|---|---|---|---|"]
        for o in failures:
            expected = " AND ".join("/".join(g) for g in o.expected) or "(refusal)"
            lines.append(f"| {o.id} | {o.lang} | {_cell(o.question)} | {_cell(o.text)} | {_cell(expected)} | "
                         f"{o.citations} | {o.retrieval_rank or '-'} |")
        lines.append("")
    lines += _decision(folder, results)
    path = folder / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _decision(folder: Path, results: dict[str, tuple[Summary, list[Outcome]]]) -> list[str]:
    """The answer-or-refuse decision on this run, where it weighed answers: its operating curve (both
    kinds of unanswerable question, the answer modes marked) and the reliability of Answer.confidence."""
    from dataclasses import asdict

    from rag.answer.decide import Decider

    from ..decision.modes import probabilities
    from .plots import operating_curve, reliability_diagram

    weighed = next((o for _, o in results.values() if any(x.signals and x.confidence is not None for x in o)), None)
    if weighed is None:
        return []
    decider = Decider.load()
    rows = [asdict(o) for o in weighed]
    prob = probabilities(decider, rows)
    curve = operating_curve(folder / "decision-curve.png", rows, {"shipped model": prob}, dict(decider.modes))
    reliability = reliability_diagram(folder / "decision-reliability.png", rows, prob)
    return ["## The decision: answer or refuse", "",
            "Every refusal counted (before generation, by the reply checks, by the model); the modes marked. "
            "Run with `answer_threshold = 0` (or `--modes`) for a curve over every answer.", "",
            f"![operating curve]({curve.name}) ![reliability]({reliability.name})", ""]
