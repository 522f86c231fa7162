"""The article eval set's test split (74 questions) through the real bot, as a regression guard
(marked `integration`). The dev split was tuned on and costs CI as much again; the held-out news
sample (test_news_sample.py) guards the general case.

Floors sit a few points under the figures measured when they were set (see README), so a
change that costs accuracy fails CI; raise them when the bot gets better.
"""
from pathlib import Path

import pytest

from eval.reporting.tables import table
from eval.running.run import run, summarise
from eval.scoring.score import load, split
from eval.scoring.stats import spread
from rag import Bot

pytestmark = pytest.mark.integration
SET = Path(__file__).resolve().parents[2] / "eval" / "sets" / "article" / "questions.jsonl"
# The test split as the shipped model (balanced) decides this machine's run with every answer shown
# (docs/eval/article-test-collect.json, 2026-12-02, AVX2 build): id 84.8%, en 60.6%, unanswerable refused
# 4 of 8, citations 86.4%, recall@3 93.9%; the AVX-512 run of 2026-12-01 (article-test.json): 81.8%, 57.6%,
# 4 of 8. A word can move with the build's kernels: floors sit a few points (one refusal) under.
FLOORS = {"accuracy_id": 0.72, "accuracy_en": 0.50, "unanswerable_refused": 0.375, "citation_recall": 0.75,
          "recall_at_3": 0.88}


def test_the_article_test_split_stays_above_the_floors(capsys, real_bot: Bot):
    outcomes = run(real_bot, split(load(SET), "test"))
    summary = summarise(outcomes)
    with capsys.disabled():
        print("\n" + table({"hybrid (CI)": summary}) + "\n" + "\n".join(spread({"hybrid (CI)": outcomes})))
    low = {k: getattr(summary, k) for k, floor in FLOORS.items() if getattr(summary, k) < floor}
    assert not low, f"below the floor: {low}"
