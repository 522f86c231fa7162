"""Answers judged by a reader instead of the span scorer (`docs/eval/verify/sixth/rubric.md`).

The span scorer misses right answers in a short or long form of the gold ("IAEA" for "Badan Tenaga Atom
Internasional (IAEA)") and counts the gold inside a longer answer that adds a wrong claim as right, so a
band read against it is read against noisy labels. A labels file holds one
JSON line per judged answer, `{"id": ..., "label": "right" | "partial" | "wrong", "note": ...}`, written
blind to the confidence, the mode and the scorer. Only "right" counts as right. Only answerable
questions' answers are judged: an answer shown to an unanswerable question stays wrong.
"""
from __future__ import annotations

import json
from pathlib import Path

LABELS = ("right", "partial", "wrong")


def load(paths: list[Path]) -> dict[str, str]:
    """id -> label over `paths` (JSONL). The same id judged twice must agree (where two readers judged an
    answer, the labels file holds one label for it: the stricter)."""
    labels: dict[str, str] = {}
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("label") not in LABELS:
                raise ValueError(f"{path}:{n}: label must be one of {', '.join(LABELS)}, not {row.get('label')!r}")
            if labels.get(row["id"], row["label"]) != row["label"]:
                raise ValueError(f"{path}:{n}: {row['id']} is labelled {labels[row['id']]!r} elsewhere")
            labels[row["id"]] = row["label"]
    return labels


def adjudicated(outcome: dict, labels: dict[str, str]) -> dict:
    """`outcome` (a stored, rescored outcome) with its answer's rightness read from `labels` where the
    question is answerable and judged: strict and lenient alike, for the answer shown and the draft."""
    label = labels.get(outcome["id"])
    if label is None or not outcome["answerable"]:
        return outcome
    right = label == "right"
    return {**outcome, "draft_correct": right, "draft_lenient": right,
            "correct": right and outcome["answered"], "lenient": right and outcome["answered"]}


def unjudged(outcomes: list[dict], labels: dict[str, str]) -> list[str]:
    """The ids of answers to answerable questions, shown or weighed, that `labels` does not judge (a
    report read against labels must have none)."""
    return [o["id"] for o in outcomes
            if o["answerable"] and (o["answered"] or o.get("confidence") is not None) and o["id"] not in labels]


def applied(outcomes: list[dict], labels: dict[str, str], source: str = "the labels") -> list[dict]:
    """`outcomes` with each judged answer's rightness the reader's (`adjudicated`); every answer to an
    answerable question, shown or weighed, must be judged (`source` names the labels in the error)."""
    if missing := unjudged(outcomes, labels):
        raise ValueError(f"{source}: {len(missing)} answers to answerable questions are not judged, e.g. {missing[:3]}")
    return [adjudicated(o, labels) for o in outcomes]
