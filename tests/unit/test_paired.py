"""Two runs compared item by item (eval/reporting/paired.py)."""
from __future__ import annotations

import json

from eval.reporting import paired


def run(tmp_path, name, rows):  # noqa: ANN001, ANN201
    path = tmp_path / f"{name}.json"
    outcomes = [{"id": i, "lang": lang, "answerable": ans, "answered": answered, "correct": correct,
                 "seconds": 2.0, "citation_correct": correct or None, "second_try": retry}
                for i, lang, ans, answered, correct, retry in rows]
    path.write_text(json.dumps({"hybrid": {"outcomes": outcomes}}), encoding="utf-8")
    return path


def test_the_runs_are_compared_on_the_same_items_and_the_retry_can_be_read_as_off(tmp_path) -> None:
    base = run(tmp_path, "base", [("a", "id", True, True, True, ""), ("b", "id", True, True, True, "retry"),
                                  ("c", "id", False, False, False, ""), ("d", "en", True, True, True, "")])
    cand = run(tmp_path, "cand", [("a", "id", True, True, False, ""), ("b", "id", True, True, True, ""),
                                  ("c", "id", False, True, False, "")])
    lines = paired.compare(paired.outcomes(base), paired.outcomes(cand))
    assert lines[0] == "3 items in both runs"
    right = next(line for line in lines if line.startswith("id answerable right"))
    assert "base 100.0%" in right and "candidate  50.0%" in right and "only base 1, only candidate 0" in right
    refused = next(line for line in lines if line.startswith("id unanswerable refused"))
    assert "base 100.0%" in refused and "candidate   0.0%" in refused
    off = paired.compare(paired.outcomes(base, retry_off=True), paired.outcomes(cand))
    right_off = next(line for line in off if line.startswith("id answerable right"))
    assert "base  50.0%" in right_off and "only base 1, only candidate 1" in right_off
