import doctest
from types import SimpleNamespace

import pytest

from eval.scoring import stats


def test_docstring_examples_hold() -> None:
    result = doctest.testmod(stats)
    assert result.failed == 0 and result.attempted > 0


def test_wilson_interval_holds_the_share_and_narrows_with_more_questions() -> None:
    small = stats.wilson(25, 33)
    large = stats.wilson(250, 330)
    assert small[0] < 25 / 33 < small[1]
    assert large[1] - large[0] < (small[1] - small[0]) / 2
    assert stats.wilson(33, 33)[1] == 1.0 and stats.wilson(0, 33)[0] == 0.0


def test_mcnemar_counts_only_the_disagreements() -> None:
    first = [True, True, False, False, True]
    second = [True, False, True, False, False]
    paired = stats.mcnemar(first, second)
    assert (paired.only_first, paired.only_second) == (2, 1)
    assert paired.p_value == 1.0                       # 2 vs 1 is no evidence either way
    assert stats.mcnemar([True] * 12, [False] * 12).p_value < 0.001
    assert stats.mcnemar([True], [True]) == stats.Paired(0, 0, 1.0)


def test_mcnemar_refuses_runs_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="same questions"):
        stats.mcnemar([True, False], [True])


def test_spread_names_every_run_and_pairs_later_runs_with_the_first() -> None:
    def run(flags: list[bool]) -> list[SimpleNamespace]:
        langs = ["id", "en"] * (len(flags) // 2)
        return [SimpleNamespace(answerable=True, correct=f, lenient=f, lang=lang) for f, lang in zip(flags, langs)] + \
            [SimpleNamespace(answerable=False, correct=True, lenient=True, lang="en")]

    lines = stats.spread({"hybrid": run([True, True, True, False]), "naive": run([False, True, False, False])})
    assert lines[1].startswith("- hybrid (strict): all 75.0% [") and "of 4" in lines[1] and "English 50.0%" in lines[1]
    assert "unanswerable 100.0%" in lines[1]
    assert lines[2].startswith("- naive (strict): all 25.0% [")
    assert lines[3] == "- hybrid vs naive, all (strict): right only in hybrid 2, only in naive 0; exact McNemar p = 0.5"
    assert lines[4].startswith("- hybrid vs naive, Indonesian (strict): right only in hybrid 2, only in naive 0")
    assert not any("lenient" in line for line in lines)  # no span item: lenient is strict


def test_spread_adds_lenient_lines_for_span_sets() -> None:
    outcomes = [SimpleNamespace(answerable=True, correct=False, lenient=True, lang="id")]
    lines = stats.spread({"hybrid": outcomes, "naive": outcomes})
    assert any(line.startswith("- hybrid (lenient): all 100.0%") for line in lines)
    assert any(line.startswith("- hybrid vs naive, all (lenient): right only in hybrid 0") for line in lines)


def test_the_eval_table_shows_a_dash_for_a_figure_with_no_questions() -> None:
    from eval.reporting.tables import table
    from eval.running.run import Outcome, summarise

    answered = Outcome(id="q1", lang="id", question="?", answerable=True, answered=True, correct=True, lenient=True,
                       citation_correct=True, language_match=True, retrieval_rank=1, section="", text="49% [2].",
                       expected=[["49%"]], citations=[2], seconds=1.0)
    text = table({"hybrid": summarise([answered])})
    assert "| unanswerable refused | - |" in text and "| answer accuracy (strict) | 100.0% |" in text
