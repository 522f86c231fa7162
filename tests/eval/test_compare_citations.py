"""`eval.decision.compare`: citation precision and recall (of every answer weighed and of those shown), each
model scored on its own answers, and the words counted once per column."""
from __future__ import annotations

from eval.decision.compare import citations


def _row(cited: list[int], gold: list[int], right: bool, answerable: bool = True) -> dict:
    return {"answerable": answerable, "gold_paragraphs": gold, "confidence": 0.5, "citations": cited,
            "draft_lenient": right}


def test_precision_counts_cited_paragraphs_holding_the_evidence_of_the_answers_shown_only() -> None:
    rows = [_row([1, 2], [1], True), _row([3], [4], False), _row([5], [5], True), _row([9], [], False, answerable=False)]
    assert "precision 2/4 = 50.0%" in citations(rows) and "recall: 2/2" in citations(rows)
    shown = citations(rows, [True, False, True, True], "shown")
    assert shown.startswith("shown:") and "precision 2/3 = 66.7%" in shown and "recall: 2/2" in shown
    assert "precision 0/0" in citations(rows, [False] * 4)


def test_each_model_is_scored_on_its_own_answers_when_it_reads_another_run() -> None:
    """B's run may hold other answers to the same questions (another prompt): B's right answers are its own."""
    from rag.answer.decide import Decider
    from rag.types import Signals
    from eval.decision.compare import report

    shown_all = Decider(("answer_words",), (0.0,), (1.0,), (0.0,), 5.0, 0.5)  # p ~ 0.99 for every answer
    def row(right: bool) -> dict:
        return {"id": "x1-id", "lang": "id", "answerable": True, "draft_correct": right, "draft_lenient": right,
                "signals": dict.fromkeys(Signals.__dataclass_fields__, 0.0), "confidence": 0.9, "citations": [], "gold_paragraphs": [1]}
    text = report([row(True)], shown_all, shown_all, ("A", "B"), ("balanced",), [row(False)])
    assert "| id answerable right (strict) | 1 | 100.0% (1/1) | 0.0% (0/1) | 1 / 0" in text


def test_a_model_compared_with_itself_counts_each_answer_once_in_its_words() -> None:
    from rag.answer.decide import Decider
    from rag.types import Signals
    from eval.decision.compare import report

    shown_all = Decider(("answer_words",), (0.0,), (1.0,), (0.0,), 5.0, 0.5)
    row = {"id": "x1-id", "lang": "id", "answerable": True, "draft_correct": True, "draft_lenient": True,
           "signals": dict.fromkeys(Signals.__dataclass_fields__, 0.0), "confidence": 0.9, "citations": [],
           "gold_paragraphs": [1]}
    words = report([row], shown_all, shown_all, ("E2", "E2"), ("balanced",)).split("### the words")[1]
    assert "| unverified | 100.0% (1/1) | 100.0% (1/1) |" in words  # all-zero signals: the check said no
