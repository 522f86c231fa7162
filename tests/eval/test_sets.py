"""Eval sets over their own corpora: the corpus field, lenient span scoring, grouping, the news sets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.running.corpora import bot_for, group, index_dir
from eval.scoring.score import Item, answer_correct, lenient_correct, load, per_group

SETS = Path(__file__).resolve().parents[2] / "eval" / "sets" / "facqa"


def span(answers: list[str], answerable: bool = True, lang: str = "id") -> Item:
    return Item("f1", lang, "?", [answers], [], answerable, "span")


@pytest.mark.parametrize("text,strict,lenient", [
    ("Kota Padang Panjang [3].", True, True),
    ("Padang Panjang [3].", False, True),
    ("Di Padang [3].", False, False),
    ("Sumatera [3].", False, False),
])
def test_strict_needs_the_whole_span_lenient_half_its_words(text: str, strict: bool, lenient: bool) -> None:
    item = span(["Kota Padang Panjang"])
    assert (answer_correct(item, text, True), lenient_correct(item, text, True)) == (strict, lenient)


def test_any_alternative_of_a_span_counts_and_a_refusal_never_does() -> None:
    item = span(["putih halus", "fine white"], lang="en")
    assert lenient_correct(item, "The sand is fine and white [4].", True)
    assert not lenient_correct(item, "The sand is fine and white [4].", False)
    assert lenient_correct(span(["x"], answerable=False), "Sorry", False)


def test_an_items_corpus_is_resolved_against_the_set_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Judul\n\nIsi.", encoding="utf-8")
    line = {"id": "x1", "lang": "id", "question": "?", "answers": [["Isi"]], "evidence": ["Isi"],
            "answerable": True, "scoring": "span", "corpus": ["a.txt"]}
    (tmp_path / "set.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    item = load(tmp_path / "set.jsonl")[0]
    assert item.corpus == (str((tmp_path / "a.txt").resolve()),) and item.scoring == "span"


def test_an_unknown_scoring_is_refused_with_the_line_number(tmp_path: Path) -> None:
    line = {"id": "x1", "lang": "id", "question": "?", "answers": [], "evidence": [], "answerable": True,
            "scoring": "fuzzy"}
    (tmp_path / "set.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="set.jsonl:1.*scoring"):
        load(tmp_path / "set.jsonl")


def test_items_are_grouped_by_corpus_and_ids_must_be_unique() -> None:
    a, b, c = (Item(i, "id", "?", [], [], True, "span", corpus) for i, corpus in (("1", ("x",)), ("2", ()), ("3", ("x",))))
    assert [[i.id for i in g] for g in group([a, b, c]).values()] == [["1", "3"], ["2"]]
    with pytest.raises(ValueError, match="appears twice"):
        group([a, a])


def test_per_group_takes_the_first_n_of_each_language_and_kind() -> None:
    items = [Item(f"{k}", "id" if k % 2 else "en", "?", [], [], k < 4) for k in range(8)]
    assert [i.id for i in per_group(items, 1)] == ["0", "1", "4", "5"]


def test_a_corpus_gets_its_own_index_in_the_cache_never_in_index(make_bot, tmp_path: Path) -> None:
    bot = make_bot()
    doc = tmp_path / "news.id.txt"
    doc.write_text("Berita\n\nPT Indelberg bekerja sama dengan Sinopec di Sumatera Selatan.", encoding="utf-8")
    news = bot_for(bot, (str(doc),), progress=False)
    assert news is not bot and news.generator is bot.generator
    assert [p.source for p in news.paragraphs] == ["news.id.txt", "news.id.txt"]
    where = index_dir(bot.settings, (str(doc),))
    assert where.is_relative_to(bot.settings.path(bot.settings.cache_dir)) and (where / "current").exists()
    assert bot_for(bot, ()) is bot
    with pytest.raises(FileNotFoundError, match="missing"):
        bot_for(bot, (str(tmp_path / "gone.txt"),))


@pytest.mark.parametrize("name,answerable,unanswerable", [("news-dev.jsonl", 380, 338), ("news-heldout.jsonl", 220, 212)])
def test_the_news_sets_hold_what_their_readme_says(name: str, answerable: int, unanswerable: int) -> None:
    items = load(SETS / name)
    for lang in ("id", "en"):
        assert sum(i.lang == lang and i.answerable for i in items) == answerable
        assert sum(i.lang == lang and not i.answerable for i in items) == unanswerable
    assert all(i.scoring == "span" and i.corpus and all(Path(f).is_file() for f in i.corpus) for i in items)
    full = {i.corpus for i in items if i.answerable}
    assert len(full) == 1 and all(len(i.corpus) == 3 for i in items if not i.answerable)


def test_an_unanswerable_variant_lacks_its_gold_passage() -> None:
    items = [i for i in load(SETS / "news-heldout.jsonl") if not i.answerable][:40]
    for item in items:
        text = "".join(Path(f).read_text(encoding="utf-8") for f in item.corpus)
        assert item.evidence[0] not in text
