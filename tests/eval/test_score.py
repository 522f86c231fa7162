import json
from pathlib import Path

import pytest

from eval.run import language_matches, run, summarise
from eval.score import Item, answer_correct, citation_correct, contains, load, normalise

ITEM = Item("q1", "en", "How big a stake?", [["49%", "49 percent"], ["non-voting", "nonvoting"]],
            ["49% saham non-voting"], True)
NONE = Item("q2", "en", "What did Meta pay?", [], [], False)


@pytest.mark.parametrize("text,expected", [
    ("Meta bought 49% non-voting shares.", True),      # both groups
    ("Meta bought 49 % of the NON-VOTING stock", True),  # number format, case
    ("Meta bought 49 percent, non voting", True),        # alternative, punctuation
    ("Meta bought 49% of Scale AI.", False),             # one group missing: partial
    ("Meta bought 490% non-voting", False),              # whole words only
    ("", False),
])
def test_every_group_needs_one_alternative(text: str, expected: bool) -> None:
    assert answer_correct(ITEM, text, answered=True) is expected


def test_a_refused_answer_is_wrong_even_if_it_contains_the_words() -> None:
    assert answer_correct(ITEM, "49% non-voting", answered=False) is False


def test_unanswerable_is_correct_only_when_refused() -> None:
    assert answer_correct(NONE, "Sorry, not in the article.", answered=False) is True
    assert answer_correct(NONE, "Meta paid $14 billion.", answered=True) is False


def test_normalise_joins_percent_and_drops_punctuation() -> None:
    assert normalise("  49 %,  Non-Voting! ") == "49% non voting"
    assert contains("It was 2014.", "2014") and not contains("It was 20145.", "2014")


def test_citation_needs_an_evidence_phrase_in_a_cited_paragraph() -> None:
    assert citation_correct(ITEM, ["x", "Meta hanya mengakuisisi 49% saham non-voting, artinya"]) is True
    assert citation_correct(ITEM, ["Meta membeli saham."]) is False
    assert citation_correct(ITEM, []) is False


def test_load_reads_the_format_and_names_a_bad_line(tmp_path: Path) -> None:
    good = {"id": "a", "lang": "id", "question": "q", "answers": [["x"]], "evidence": ["e"], "answerable": True}
    f = tmp_path / "set.jsonl"
    f.write_text(json.dumps(good) + "\n\n" + json.dumps({"id": "b"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"set.jsonl:3: not an eval item \(missing lang"):
        load(f)
    f.write_text(json.dumps(good) + "\n", encoding="utf-8")
    assert load(f) == [Item("a", "id", "q", [["x"]], ["e"], True)]


def test_shipped_set_meets_the_spec() -> None:
    items = load(Path(__file__).resolve().parents[2] / "eval" / "questions.jsonl")
    assert len(items) >= 80 and sum(not i.answerable for i in items) >= 12
    assert abs(sum(i.lang == "id" for i in items) - sum(i.lang == "en" for i in items)) <= 2
    article = (Path(__file__).resolve().parents[2] / "seeds" / "meta-scale-ai.id.txt").read_text()
    assert all(e in article for i in items for e in i.evidence)


def test_runner_scores_a_tiny_set_with_the_fake_bot(make_bot) -> None:
    items = [Item("a", "id", "Kapan Google mengakuisisi DeepMind?", [["2014"]], ["DeepMind pada 2014"], True),
             Item("b", "en", "Who founded Scale AI?", [["Alexandr Wang"]], ["Alexandr Wang"], True),
             Item("c", "en", "What did Meta pay?", [], [], False)]
    bot = make_bot("Google bought DeepMind in 2014 [6].", passage_gap=1.0)  # every hit in the prompt
    outcomes = run(bot, items)
    s = summarise(outcomes)
    assert [o.correct for o in outcomes] == [True, False, False]
    assert (s.accuracy, s.accuracy_id, s.accuracy_en, s.unanswerable_refused) == (0.5, 1.0, 0.0, 0.0)
    assert outcomes[0].citation_correct and outcomes[0].retrieval_rank is not None


def test_an_english_inflection_of_the_last_word_matches() -> None:
    assert contains("It reduces costs", "reduce") and contains("costs were reduced", "reduce")
    assert contains("two bold moves", "bold move") and not contains("boldly", "bold")
    assert not contains("49", "4") and not contains("OpenAIs", "OpenA")


def test_indonesian_answers_may_carry_the_enclitic_nya_english_ones_may_not() -> None:
    assert contains("Apple menyimpannya di dalam taman tertutupnya [39].", "taman tertutup", "id")
    assert not contains("Apple keeps it in taman tertutupnya [39].", "taman tertutup", "en")
    assert not contains("Itu tertutupnyalah.", "tertutup", "id") and not contains("AInya", "AI", "id")


@pytest.mark.parametrize("text,lang,match", [
    ("The article likens training data to oil [5].", "en", True),
    ("The article liken training data to minyak dari model dasar AI [5].", "en", False),
    ("Data pelatihan adalah minyak dari model dasar AI [5].", "en", False),
    ("Pendiri Scale AI adalah Alexandr Wang [11].", "id", True),
    ("Scale AI was founded by Alexandr Wang [11].", "id", False),
    ("IAISEEK AI Editorial Team [45].", "id", True),   # a name copied from the article
    ("WhatsApp [32].", "id", True),
    ("49% [2].", "en", True),
])
def test_language_match_judges_the_answers_words_not_its_names(text: str, lang: str, match: bool) -> None:
    assert language_matches(text, lang) is match
