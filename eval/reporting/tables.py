"""The figures of eval runs as a Markdown table: one row per figure, one column per run."""
from __future__ import annotations

from ..running.run import Summary

ROWS = [
    ("answer accuracy (strict)", "accuracy"), ("  Indonesian", "accuracy_id"), ("  English", "accuracy_en"),
    ("lenient (its numbers, half its words)", "lenient"), ("  Indonesian", "lenient_id"), ("  English", "lenient_en"),
    ("unanswerable refused", "unanswerable_refused"), ("answerable wrongly refused", "answerable_refused"),
    ("citation recall", "citation_recall"), ("retrieval recall@1", "recall_at_1"),
    ("retrieval recall@3", "recall_at_3"), ("retrieval recall@5", "recall_at_5"),
    ("answer-language match", "language_match"), ("latency median (s)", "latency_median"),
    ("latency p95 (s)", "latency_p95"),
]


def table(columns: dict[str, Summary]) -> str:
    """A Markdown table: one row per figure, one column per run."""
    names = list(columns)
    lines = ["| figure | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for label, key in ROWS:
        cells = []
        for n in names:
            v = getattr(columns[n], key)
            if v != v:  # NaN: no question of that kind in the set
                cells.append("-")
            else:
                cells.append(f"{v:.2f}" if key.startswith("latency") else f"{100 * v:.1f}%")
        lines.append(f"| {label.strip() if not label.startswith('  ') else '&nbsp;&nbsp;' + label.strip()} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
