"""The claim checks' precision on stored runs (eval.decision.checks), on tiny rows."""
from __future__ import annotations

from eval.decision.checks import refused_run, table


def _row(i: str, lang: str, right: bool, shown: bool, quantities: bool = False, names: bool = False,
         units: bool = False) -> dict:
    return {"id": i, "lang": lang, "kind": "answerable", "right": right, "shown": shown, "answer": "x",
            "quantities": quantities, "names": names, "units": units}


def test_the_table_counts_what_each_check_refuses_and_how_many_were_right() -> None:
    rows = [_row("a", "id", False, True, quantities=True), _row("b", "id", True, True, quantities=True),
            _row("c", "en", False, False, names=True), _row("d", "en", True, True)]
    text = table(rows)
    assert "| quantities | id | 2 | 1 | 50.0% | 1 | 1 |" in text
    assert "| names | en | 1 | 0 | 100.0% | 0 | 0 |" in text
    assert "| names | id | 0 | 0 | - | 0 | 0 |" in text


def test_the_refused_run_refuses_only_what_a_check_flags_before_the_decision() -> None:
    outcomes = [{"id": "a", "answerable": True, "confidence": 0.9, "answered": True, "correct": True, "lenient": True},
                {"id": "b", "answerable": False, "confidence": 0.8, "answered": True, "correct": False, "lenient": False}]
    run = {"hybrid": {"outcomes": outcomes, "summary": {}}, "settings": {"x": 1}}
    out = refused_run(run, [_row("a", "id", True, True), _row("b", "id", False, True, names=True)])
    a, b = out["hybrid"]["outcomes"]
    assert a == outcomes[0]
    assert (b["confidence"], b["answered"], b["lenient"]) == (None, False, True)
    assert out["settings"] == {"x": 1} and run["hybrid"]["outcomes"][1]["confidence"] == 0.8


def test_the_refused_run_can_take_one_check_alone() -> None:
    outcomes = [{"id": i, "answerable": False, "confidence": 0.8, "answered": True, "correct": False, "lenient": False}
                for i in "ab"]
    run = {"hybrid": {"outcomes": outcomes, "summary": {}}}
    rows = [_row("a", "id", False, True, units=True), _row("b", "id", False, True, quantities=True)]
    a, b = refused_run(run, rows, ("units",))["hybrid"]["outcomes"]
    assert a["confidence"] is None and b == outcomes[1]
