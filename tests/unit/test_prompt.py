import pytest

from rag.answer.prompt import build_messages, cited_numbers, clean, instructions, is_bare, is_refusal
from rag.types import Hit, Paragraph

HITS = [Hit(Paragraph(26, "a.txt", "8. Strategi", "Meta membeli 49% saham."), 0.9),
        Hit(Paragraph(11, "a.txt", "3. AGI", "Pendiri Scale AI, Alexandr Wang."), 0.8)]


@pytest.mark.parametrize("lang,word", [("id", "Pertanyaan"), ("en", "Question")])
def test_prompt_numbers_passages_and_asks_in_the_answer_language(lang: str, word: str) -> None:
    system, user = build_messages("q?", HITS, lang)
    assert system["role"] == "system" and f"\n{word}: q?\n" in user["content"]
    assert "[26] (" in user["content"] and "Meta membeli 49% saham." in user["content"]


@pytest.mark.parametrize("texts", [None, {11: "Alexandr Wang."}])
def test_the_opening_whose_state_is_kept_is_the_prompt_up_to_its_first_passage(texts) -> None:
    for lang in ("id", "en"):
        system, user = build_messages("q?", HITS, lang, texts=texts)
        shared, opening = instructions(lang), instructions(lang, HITS, texts)
        assert shared[0] == opening[0] == system
        assert user["content"].startswith(opening[1]["content"] + "\n")  # the next passage or the block's end
        assert opening[1]["content"].startswith(shared[1]["content"] + "\n")
        first = "[26] (" if texts is None else "[11] ("  # a hit the sentence windows leave out is not first
        assert opening[1]["content"].split("\n")[1].startswith(first) and opening[1]["content"].count("\n") == 1


def test_cited_numbers_in_order_of_mention_without_repeats() -> None:
    assert cited_numbers("A [26]. B [11, 26]. C [26]") == [26, 11]


def test_clean_drops_markers_for_paragraphs_not_in_the_prompt() -> None:
    assert clean("49% [26] [99].", {26, 11}) == "49% [26]."


@pytest.mark.parametrize("reply,lang,expected", [
    ("NOT FOUND", "en", True), ("TIDAK DITEMUKAN", "id", True), ("", "en", True),
    ("The article does not contain this.", "en", True), ("Meta bought 49% [26].", "en", False),
])
def test_refusals_are_recognised(reply: str, lang: str, expected: bool) -> None:
    assert is_refusal(reply, lang) is expected


def test_a_bare_marker_is_not_an_answer() -> None:
    assert is_bare("[36].") and not is_bare("2014 [36]")


def test_spelled_out_numbers_count_as_grounded() -> None:
    from rag.answer.support import invented_numbers, numbers

    hits = [Hit(Paragraph(3, "a", "", "Artikel ini menyelami sepuluh motivasi."), 0.9)]
    assert numbers("There are 10 motives [3].") == {"10"}
    assert invented_numbers("There are 10 motives [3].", "How many?", hits) == set()
    assert invented_numbers("There are 12 motives.", "How many?", hits) == {"12"}
