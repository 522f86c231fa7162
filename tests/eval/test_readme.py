"""The README's quality table is the one the stored eval runs make (python -m eval.readme --write)."""
from eval.readme import README, START, current, replaced, table


def test_the_readmes_quality_table_is_made_from_the_stored_runs() -> None:
    text = README.read_text(encoding="utf-8")
    assert START in text, "README.md has no quality table markers"
    assert current(text) == table(), "README.md's quality table is stale: run python -m eval.readme --write"


def test_replacing_the_table_keeps_the_rest() -> None:
    text = f"intro\n{START}\nold\n<!-- /quality-table -->\noutro"
    assert replaced(text, "new") == f"intro\n{START}\nnew\n<!-- /quality-table -->\noutro"
