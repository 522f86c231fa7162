"""Fixed samples of the held-out news sets through the real bot, each item over its own corpus, with
floors (marked `integration`). The full runs are in docs/eval/ (see docs/eval/README.md). The dev
sets are left out: they were fitted on, and CI time is better spent on held-out items.

Each sample is run once with every answer shown (`answer_threshold = 0`) and decided again at each
answer mode's threshold (`eval.decision.modes`: the bot at a mode shows the same answers and refuses the
rest), so the reply checks alone and every mode are measured on the same answers. The sets are read
from eval/sets/ at test time (the first items of each language, in the set's order): a rebuilt set
is what is tested.
"""
from pathlib import Path

import pytest

from eval.decision.modes import by_mode, refusals
from eval.reporting.tables import table
from eval.running.corpora import bot_for, group
from eval.running.run import Outcome, run, summarise
from eval.scoring.score import Item, load, per_group
from eval.scoring.stats import spread
from rag import Bot

pytestmark = pytest.mark.integration
SETS = Path(__file__).resolve().parents[2] / "eval" / "sets"
NEWS, ADVERSARIAL = SETS / "facqa" / "news-heldout.jsonl", SETS / "adversarial" / "news-heldout.jsonl"

# Answerable and passage-removed news, balanced, 5 per language and kind. Measured on the held-out set
# split by passage (2026-12-04, this test, AVX2 build): strict and lenient id 4/5, en 4/5, removed
# refused 7/10 with the model before; with the model shipped late that day (target right, the state
# probe) 4/5, 4/5 and removed refused 3/10: the loss on passage-removed questions its decision found
# (held-out 67.5% against 82.5% / 80%, docs/experiments.md); with the model shipped 2026-12-05 (the probe
# on blocks 17 + 20) 4/5, 4/5 and removed refused 5/10. Floors one item under.
NEWS_SAMPLE, NEWS_FLOORS = 5, {"lenient_id": 0.6, "lenient_en": 0.6, "unanswerable_refused": 0.4}

# Adversarial news (questions about a passage that it does not answer), 15 per language. Whatever the
# model, careful and balanced must each refuse more than the reply checks alone: a floor the checks meet
# by themselves says nothing about the decision. On the stored run of the set before its passage split
# (docs/eval/adversarial-heldout.json, 400) the checks alone refused 122, balanced 150, careful 176, and
# in each of its 13 windows of 30 balanced refused 1-4 more than the checks, careful 1-6. On this sample
# (2026-12-04, AVX2 build): checks alone 13, balanced 14, careful 16, eager 13; with the model shipped
# 2026-12-05 (AVX-512 build): checks alone 13, balanced 18, careful 20, eager 16. The absolute floors sit
# three and four items under the shipped model's counts (they hold the checks and the decision together).
ADVERSARIAL_SAMPLE, ADVERSARIAL_FLOORS = 15, {"careful": 0.53, "balanced": 0.5}


@pytest.fixture(scope="module")
def every_answer(real_bot: Bot) -> Bot:
    return real_bot.with_settings(answer_threshold=0.0)


def collected(bot: Bot, items: list[Item]) -> list[Outcome]:
    """The items' outcomes with every answer past the reply checks shown, in the items' order."""
    outcomes = {}
    for corpus, members in group(items).items():
        outcomes |= {o.id: o for o in run(bot_for(bot, corpus, progress=False), members)}
    return [outcomes[i.id] for i in items]


def test_a_sample_of_the_news_set_stays_above_the_floors(every_answer: Bot, capsys) -> None:
    items = per_group(load(NEWS), NEWS_SAMPLE)
    balanced = by_mode(collected(every_answer, items), every_answer.decider)["balanced"]
    summary = summarise(balanced)
    with capsys.disabled():
        print(f"\n{NEWS.name} sample of {len(items)}, balanced\n" + table({"hybrid (CI)": summary}) + "\n"
              + "\n".join(spread({"hybrid (CI)": balanced})))
    low = {k: getattr(summary, k) for k, floor in NEWS_FLOORS.items() if getattr(summary, k) < floor}
    assert not low, f"below the floor: {low}"


def test_the_decision_refuses_adversarial_questions_beyond_the_reply_checks(every_answer: Bot, capsys) -> None:
    items = per_group(load(ADVERSARIAL), ADVERSARIAL_SAMPLE)
    assert len(items) >= 30 and not any(i.answerable for i in items), "the sample needs 30 unanswerable items"
    counts = refusals(collected(every_answer, items), every_answer.decider)
    with capsys.disabled():
        print(f"\n{ADVERSARIAL.name} sample of {len(items)}, refused: "
              + ", ".join(f"{k} {v}" for k, v in counts.items()))
    alone = counts["checks alone"]
    # careful must add refusals; balanced at least keep them (on the held-out run split by passage it adds
    # 0 of the first 30 and 4 of 84 per language: a strict floor there would fail on noise)
    assert counts["careful"] > alone and counts["balanced"] >= alone, f"the decision adds no refusal: {counts}"
    low = {m: counts[m] for m, floor in ADVERSARIAL_FLOORS.items() if counts[m] < floor * len(items)}
    assert not low, f"below the floor ({ADVERSARIAL_FLOORS} of {len(items)}): {low}"
