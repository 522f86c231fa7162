"""Answers judged by a reader replace the span scorer's verdict, only where judged and answerable."""
from __future__ import annotations

import json

import pytest

from eval.decision.compare import outcomes
from eval.scoring.adjudicated import adjudicated, load, unjudged


def _outcome(id_: str, answerable: bool, draft: str, expected: list, answered: bool = True) -> dict:
    return {"id": id_, "lang": "id", "question": "Siapa kepala badan itu?", "answerable": answerable,
            "answered": answered, "text": draft if answered else "", "draft": draft, "expected": expected,
            "confidence": 0.9, "signals": {}, "citations": [], "gold_paragraphs": []}


def test_a_reader_counts_a_short_form_the_scorer_misses(tmp_path) -> None:
    run = tmp_path / "run.json"
    rows = [_outcome("t1-id", True, "IAEA [3].", [["Badan Tenaga Atom Internasional (IAEA)"]]),
            _outcome("t2-id", True, "Budi [4].", [["Budi"]]),
            _outcome("ad1-id", False, "Sari [5].", [])]
    run.write_text(json.dumps({"hybrid": {"outcomes": rows}}))
    labels_file = tmp_path / "labels.jsonl"
    labels_file.write_text('{"id": "t1-id", "label": "right"}\n{"id": "t2-id", "label": "partial"}\n'
                           '{"id": "ad1-id", "label": "right"}\n')
    scored = {o["id"]: o for o in outcomes([run], "hybrid", "span")}
    judged = {o["id"]: o for o in outcomes([run], "hybrid", "span", load([labels_file]))}
    assert not scored["t1-id"]["draft_lenient"] and judged["t1-id"]["draft_lenient"] and judged["t1-id"]["correct"]
    assert scored["t2-id"]["draft_lenient"] and not judged["t2-id"]["draft_lenient"]  # partial is not right
    assert not judged["ad1-id"]["draft_lenient"]  # an answer to an unanswerable question stays wrong


def test_a_refused_answer_judged_right_is_right_as_a_draft_only() -> None:
    o = adjudicated(_outcome("t1-id", True, "IAEA", [["x"]], answered=False) | {"correct": False, "lenient": False},
                    {"t1-id": "right"})
    assert o["draft_lenient"] and not o["lenient"] and not o["correct"]


def test_every_shown_answer_to_an_answerable_question_must_be_judged(tmp_path) -> None:
    run = tmp_path / "run.json"
    run.write_text(json.dumps({"hybrid": {"outcomes": [_outcome("t1-id", True, "Budi", [["Budi"]])]}}))
    assert unjudged([_outcome("t1-id", True, "Budi", [["Budi"]])], {}) == ["t1-id"]
    with pytest.raises(ValueError, match="not judged"):
        outcomes([run], "hybrid", "span", {"t9-id": "right"})


def test_a_bad_label_or_two_readers_disagreeing_in_one_set_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "t1-id", "label": "maybe"}\n')
    with pytest.raises(ValueError, match="label must be one of"):
        load([bad])
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"id": "t1-id", "label": "right"}\n')
    b.write_text('{"id": "t1-id", "label": "wrong"}\n')
    with pytest.raises(ValueError, match="labelled 'right' elsewhere"):
        load([a, b])


def test_a_packet_holds_the_passage_and_answer_but_nothing_that_unblinds_the_reader(tmp_path) -> None:
    from eval.scoring.packets import packets

    run = tmp_path / "run.json"
    shown = _outcome("q001", True, "Meta membeli 49% saham Scale AI [3].", [["49%"]]) | {"lang": "id"}
    refused = _outcome("q002", True, "", [["x"]], answered=False) | {"confidence": None}
    unanswerable = _outcome("ad1-id", False, "Sari [5].", [])
    run.write_text(json.dumps({"hybrid": {"outcomes": [shown, refused, unanswerable]}}))
    (got,) = packets(run, "hybrid", set())
    assert set(got) == {"id", "lang", "question", "gold", "passage", "answer"}
    assert got["answer"] == "Meta membeli 49% saham Scale AI." and "49%" in got["passage"]
    assert packets(run, "hybrid", {"q001"}) == []
