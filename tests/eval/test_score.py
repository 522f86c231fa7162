import json
from pathlib import Path

import pytest

from eval.running.run import language_matches, run, summarise
from eval.scoring.score import Item, answer_correct, citation_correct, contains, lenient_correct, load, normalise, numbers, rescored

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
    items = load(Path(__file__).resolve().parents[2] / "eval" / "sets" / "article" / "questions.jsonl")
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


# --- lenient span scoring: every number of the gold span, half its other words -----------------

def span(question: str, lang: str, *alternatives: str) -> Item:
    return Item("f", lang, question, [list(alternatives)], [], True, "span")


@pytest.mark.parametrize("item,answer", [
    # the examples, from the held-out news run (v010-en, v044-en, v218-id)
    (span("How many categories of TPT imports from China were covered?", "en", "10", "10 categories", "ten"),
     "40 categories [164]."),
    (span("What was the capital market capitalization as of 28 December 2005?", "en", "Rp 800,8 triliun",
          "Rp 800.8 trillion", "800.8 trillion rupiah"), "Rp 679,9 triliun [117]."),
    (span("Di pulau manakah, kota Bau-bau, tempat industri mutiara itu, terletak", "id", "Pulau Buton"),
     "Pulau Makassar [204]."),
    (span("Berapa jenis satwa langka di Pegunungan Muller?", "id", "8 satwa"), "10 jenis satwa langka [181]."),
    (span("What was the average erosion rate?", "en", "10.23 mm per year"), "It is 4.12 mm per year [6]."),
    (span("Berapa jumlah sapi?", "id", "4 ekor"), "Ada 5 ekor [4]."),                # a citation is no number
])
def test_lenient_is_wrong_when_a_number_or_the_only_new_word_differs(item: Item, answer: str) -> None:
    assert lenient_correct(item, answer, True) is False


@pytest.mark.parametrize("item,answer", [
    (span("Di kota mana ia lahir?", "id", "Kota Padang Panjang"), "Di Padang Panjang [4]."),
    (span("Berapa jumlah sapi?", "id", "4.000 ekor"), "4.000 [163]."),                 # the number and nothing asked for
    (span("What was the capitalization?", "en", "Rp 800,8 triliun"), "Rp 800.8 trillion [117]."),  # 800,8 == 800.8
    (span("Berapa orang?", "id", "1.500 orang"), "Sebanyak 1,500 orang [3]."),         # thousands either way
    (span("Berapa lama?", "id", "enam bulan"), "6 bulan [194]."),                      # a number word is its digits
    (span("Sejak kapan?", "id", "per tanggal 23 November 2005"), "23 November 2005 [14]."),
    (span("Who is the spokesman?", "en", "Sean McCormack"), "Sean McCormack [45]."),   # strict implies lenient
])
def test_lenient_stays_right_for_the_same_numbers_and_enough_words(item: Item, answer: str) -> None:
    assert lenient_correct(item, answer, True) is True


def test_words_the_question_asks_with_do_not_count_toward_the_half() -> None:
    item = span("On which island is Bau-bau?", "en", "Buton Island")
    assert not lenient_correct(item, "Makassar Island [204].", True)
    assert lenient_correct(span("Which city?", "en", "Buton Island"), "Makassar Island [204].", True)  # island not asked


def test_numbers_are_one_form_each() -> None:
    assert numbers("Rp 800,8 triliun [3] dan 800.8, 1.500 = 1,500 = 1500; enam") == {"800,8", "1500", "6"}


def test_a_stored_outcome_is_scored_again_by_todays_rules() -> None:
    stored = {"id": "v010-en", "lang": "en", "question": "How many categories?", "answerable": True,
              "answered": True, "text": "40 categories [164].", "draft": "40 categories [164].",
              "expected": [["10", "10 categories"]], "correct": False, "lenient": True, "draft_lenient": True}
    again = rescored(stored, "span")
    assert (again["correct"], again["lenient"], again["draft_lenient"]) == (False, False, False)
    assert rescored({**stored, "text": "10 categories [164]."}, "span")["lenient"] is True


def test_the_scorers_examples_hold() -> None:
    import doctest

    import eval.decision.curves
    import eval.decision.thresholds
    import eval.scoring.score

    for module in (eval.scoring.score, eval.decision.thresholds, eval.decision.curves):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0
