"""The README's tables are the ones the stored eval and bench runs make (python -m eval.reporting.readme --write)."""
import pytest

from eval.reporting.readme import MARKED, README, START, current, replaced


@pytest.mark.parametrize("start,end,make", MARKED, ids=["quality", "speed"])
def test_the_readmes_tables_are_made_from_the_stored_runs(start, end, make) -> None:
    text = README.read_text(encoding="utf-8")
    assert start in text and end in text, f"README.md has no {start} markers"
    made = make()
    assert made, "no stored run to make the table from"
    assert current(text, start, end) == made, "README.md's table is stale: run python -m eval.reporting.readme --write"


def test_replacing_the_table_keeps_the_rest() -> None:
    text = f"intro\n{START}\nold\n<!-- /quality-table -->\noutro"
    assert replaced(text, "new") == f"intro\n{START}\nnew\n<!-- /quality-table -->\noutro"


def test_the_readme_stays_a_users_document() -> None:
    assert README.stat().st_size <= 12 * 1024, "README.md is over 12 KB: move details to docs/"


def test_paired_cells_use_only_the_questions_both_pipelines_ran() -> None:
    from eval.reporting.readme import _n, _test

    rows = [{"balanced": True, "naive": False}, {"balanced": True, "naive": None}, {"balanced": False, "naive": False}]
    assert _test(rows) == "1 / 0, p = 1"  # the row naive did not run is left out of the pair
    assert _n(rows) == "3 (naive: first 2)"
    assert _test([{"balanced": True, "naive": None}]) == "-"
