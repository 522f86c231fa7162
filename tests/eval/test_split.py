"""The news sets are split by passage: no held-out set is asked over a passage of any dev corpus,
no held-out question repeats a dev question, and the held-out sets are large enough to decide on."""
from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from eval.scoring.score import Item, load
from eval.sets.build.split import clusters, overlapping, same_text

SETS = Path(__file__).resolve().parents[2] / "eval" / "sets"
DEV = ["facqa/news-dev.jsonl", "adversarial/news-dev.jsonl"]
HELDOUT = ["facqa/news-heldout.jsonl", "adversarial/news-heldout.jsonl", "facqa/news-heldout2.jsonl",
           "adversarial/news-heldout2.jsonl", "facqa/news-heldout3.jsonl", "adversarial/news-heldout3.jsonl",
           "facqa/news-heldout4.jsonl", "adversarial/news-heldout4.jsonl", "facqa/news-heldout5.jsonl",
           "adversarial/news-heldout5.jsonl", "facqa/news-heldout6.jsonl", "adversarial/news-heldout6.jsonl",
           "facqa/news-heldout7.jsonl", "adversarial/news-heldout7.jsonl", "facqa/news-heldout8.jsonl",
           "adversarial/news-heldout8.jsonl", "facqa/news-heldout9.jsonl", "adversarial/news-heldout9.jsonl",
           "facqa/news-heldout10.jsonl"]
KINDS = ("attribute", "role", "time", "unit", "comparison", "false_premise")


@cache
def items(name: str) -> tuple[Item, ...]:
    return tuple(load(SETS / name))


@cache
def corpus(names: tuple[str, ...]) -> tuple[str, ...]:
    """Every passage (paragraph less each file's title line) of every corpus file the sets name."""
    files = sorted({f for name in names for i in items(name) for f in i.corpus})
    return tuple(p.strip() for f in files for p in Path(f).read_text(encoding="utf-8").split("\n\n")[1:] if p.strip())


def test_no_held_out_passage_is_word_for_word_in_a_dev_corpus() -> None:
    shared = {same_text(p) for p in corpus(tuple(DEV))} & {same_text(p) for p in corpus(tuple(HELDOUT))}
    assert not shared, f"{len(shared)} passages in both, e.g. {next(iter(shared))[:80]!r}"


def test_no_held_out_passage_is_another_copy_of_a_dev_passage() -> None:
    pairs = overlapping(list(corpus(tuple(DEV))), list(corpus(tuple(HELDOUT))))
    assert not pairs, f"{len(pairs)} held-out passages are copies of dev ones"


def test_the_held_out_corpus_holds_each_passage_once() -> None:
    held = corpus(tuple(HELDOUT))
    assert len(set(clusters(list(held)))) == len(held)


@pytest.mark.parametrize("name", HELDOUT)
def test_every_held_out_question_is_about_a_held_out_passage(name: str) -> None:
    held, dev = corpus(tuple(HELDOUT)), corpus(tuple(DEV))
    for item in items(name):
        assert any(item.evidence[0] in p for p in held), item.id
        starts = {p for p in held if p.startswith(item.evidence[0])}
        if starts:  # evidence that starts a passage names that passage (written items): it is not a dev passage
            assert not starts & set(dev), item.id
        else:       # a sentence: no dev passage holds it
            assert not any(item.evidence[0] in p for p in dev), item.id


@pytest.mark.parametrize("name", HELDOUT)
def test_no_held_out_question_repeats_a_dev_question(name: str) -> None:
    asked = {same_text(i.question).lower() for dev in DEV for i in items(dev)}
    repeats = [i.id for i in items(name) if same_text(i.question).lower() in asked]
    assert not repeats


@pytest.mark.parametrize("name", ["facqa/news-heldout.jsonl", "facqa/news-heldout2.jsonl", "facqa/news-heldout4.jsonl",
                                  "facqa/news-heldout5.jsonl", "facqa/news-heldout6.jsonl"])
def test_news_held_out_has_at_least_200_answerable_questions_per_language(name: str) -> None:
    counts = Counter(i.lang for i in items(name) if i.answerable)
    assert counts["id"] >= 200 and counts["en"] >= 200, counts


def test_the_second_held_out_draw_asks_nothing_the_first_asked() -> None:
    first = {i.id.split("-")[0] for i in items("facqa/news-heldout.jsonl")}
    asked = {same_text(i.question).lower() for name in HELDOUT[:2] for i in items(name)}
    second = items("facqa/news-heldout2.jsonl")
    assert not first & {i.id.split("-")[0] for i in second}
    assert not [i.id for i in second if same_text(i.question).lower() in asked]


def test_the_third_held_out_draw_asks_nothing_an_earlier_draw_asked() -> None:
    earlier = {i.id.split("-")[0] for name in ("facqa/news-heldout.jsonl", "facqa/news-heldout2.jsonl") for i in items(name)}
    asked = {same_text(i.question).lower() for name in HELDOUT[:4] for i in items(name)}
    third = items("facqa/news-heldout3.jsonl") + items("adversarial/news-heldout3.jsonl")
    assert not earlier & {i.id.split("-")[0] for i in third}
    assert not [i.id for i in third if same_text(i.question).lower() in asked]
    # with its adversarial and passage-removed items, at least 200 questions per language
    assert min(Counter(i.lang for i in third).values()) >= 200


def test_the_seventh_held_out_set_asks_no_earlier_question_and_asks_quantities_with_their_units() -> None:
    asked = {same_text(i.question).lower() for name in HELDOUT[:12] + DEV for i in items(name)}
    written = items("facqa/news-heldout7.jsonl") + items("adversarial/news-heldout7.jsonl")
    assert not [i.id for i in written if same_text(i.question).lower() in asked]
    assert {i.kind for i in items("adversarial/news-heldout7.jsonl")} == {"unit"}
    spans = [i.answers[0][0] for i in items("facqa/news-heldout7.jsonl") if i.answerable]
    assert len(spans) == 72 and all(any(c.isdigit() for c in s) or "dua" in s for s in spans)


@pytest.mark.parametrize("n", [4, 5])
def test_a_written_held_out_set_asks_no_earlier_question_and_its_writers_wrote_each_kind_evenly(n: int) -> None:
    asked = {same_text(i.question).lower() for name in HELDOUT[:2 * n - 2] + DEV for i in items(name)}
    written = items(f"facqa/news-heldout{n}.jsonl") + items(f"adversarial/news-heldout{n}.jsonl")
    assert not [i.id for i in written if same_text(i.question).lower() in asked]
    kinds = Counter(i.kind for i in items(f"adversarial/news-heldout{n}.jsonl") if i.lang == "id")
    assert set(kinds) == set(KINDS) and len(set(kinds.values())) == 1, kinds


@pytest.mark.parametrize("n, answerable", [(8, 200), (9, 198), (10, 173)])  # the ninth, tenth: passages with no fact left
def test_the_written_held_out_sets_ask_no_earlier_question_and_hold_every_kind(n: int, answerable: int) -> None:
    earlier = HELDOUT[:HELDOUT.index(f"facqa/news-heldout{n}.jsonl")]
    asked = {same_text(i.question).lower() for name in earlier + DEV for i in items(name)}
    adversarial = f"adversarial/news-heldout{n}.jsonl"
    written = items(f"facqa/news-heldout{n}.jsonl") + (items(adversarial) if adversarial in HELDOUT else ())
    assert not [i.id for i in written if same_text(i.question).lower() in asked]
    if adversarial in HELDOUT:  # the tenth has none: it is for a citation decision
        kinds = Counter(i.kind for i in items(adversarial) if i.lang == "id")
        assert set(kinds) == set(KINDS) and min(kinds.values()) >= 19, kinds  # one repeat each dropped (raw/dropped.json)
    counts = Counter(i.lang for i in written if i.answerable)
    assert min(counts.values()) >= answerable, counts


def test_the_new_dev_questions_are_about_dev_passages_and_repeat_no_set() -> None:
    dev2 = items("facqa/news-dev2.jsonl")
    dev, held = corpus(tuple(DEV)), corpus(tuple(HELDOUT))
    assert all(any(i.evidence[0] in p for p in dev) and not any(i.evidence[0] in p for p in held) for i in dev2)
    asked = {same_text(i.question).lower() for name in HELDOUT + DEV for i in items(name)}
    assert not [i.id for i in dev2 if same_text(i.question).lower() in asked]


def test_adversarial_held_out_has_at_least_200_questions_per_language_each_kind_at_least_15_percent() -> None:
    held = items("adversarial/news-heldout.jsonl")
    counts = Counter(i.lang for i in held)
    assert counts["id"] >= 200 and counts["en"] >= 200, counts
    kinds = Counter(i.kind for i in held if i.lang == "id")
    assert all(100 * kinds[k] >= 15 * counts["id"] for k in KINDS), kinds


@pytest.mark.parametrize("texts,marks", [
    (["Harga naik 1,05 juta rupiah per ton di pasar induk kota Medan hari ini kata pedagang.",
      "Harga naik 1, 05 juta rupiah per ton di pasar induk kota Medan hari ini kata pedagang."], [0, 0]),
    (["Harga naik 1,05 juta rupiah per ton di pasar induk kota Medan hari ini kata pedagang.",
      "Gubernur membuka pameran buku di Balai Kota Bandung pada hari Senin pagi bersama wali kota."], [0, 1]),
])
def test_two_detokenisations_of_one_passage_are_the_same_passage(texts: list[str], marks: list[int]) -> None:
    assert clusters(texts) == marks


def test_the_second_draws_example_holds() -> None:
    import doctest

    import eval.sets.build.redraw

    result = doctest.testmod(eval.sets.build.redraw)
    assert result.failed == 0 and result.attempted > 0
