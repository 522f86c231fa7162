"""A long eval run that dies keeps its outcomes (eval/running/checkpoint.py)."""
from pathlib import Path

from eval.running.checkpoint import Checkpoint
from eval.running.run import Outcome


def outcome(n: int) -> Outcome:
    return Outcome(id=f"q{n}", lang="id", question="Siapa?", answerable=True, answered=True, correct=True,
                   lenient=True, citation_correct=True, language_match=True, retrieval_rank=1, section="",
                   text="Wang [4].", expected=[["Wang"]], citations=[4], seconds=1.5, signals={"top_score": 0.9})


def test_outcomes_saved_as_they_come_are_read_back_on_resume_and_the_file_goes_at_the_end(tmp_path: Path) -> None:
    run = tmp_path / "run.json"
    first = Checkpoint(run)
    first.add("hybrid", outcome(1))
    first.add("hybrid", outcome(2))
    first.add("naive", outcome(1))
    with first.path.open("a", encoding="utf-8") as f:
        f.write('{"pipeline": "hybrid", "outcome": {"id": "q3", "la')  # the line the dying run was writing
    again = Checkpoint(run, resume=True)
    assert sorted(again.done("hybrid")) == ["q1", "q2"] and list(again.done("naive")) == ["q1"]
    assert again.done("hybrid")["q2"] == outcome(2)
    again.finish()
    assert not again.path.exists()


def test_without_resume_a_stale_partial_file_is_dropped_and_nothing_is_reused(tmp_path: Path) -> None:
    run = tmp_path / "run.json"
    Checkpoint(run).add("hybrid", outcome(1))
    fresh = Checkpoint(run)
    assert fresh.done("hybrid") == {} and not fresh.path.exists()


def test_no_json_path_saves_nothing(tmp_path: Path) -> None:
    c = Checkpoint(None)
    c.add("hybrid", outcome(1))
    c.finish()
    assert c.done("hybrid") == {} and list(tmp_path.iterdir()) == []
