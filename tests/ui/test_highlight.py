import pytest

from ui.highlight import answer_weights, sentences, supporting_sentence

PARAGRAPH = ("Scale AI berkantor di San Francisco. Pendiri Scale AI adalah Alexandr Wang, seorang miliarder "
             "muda. Ia lahir pada 1997.")


def support(paragraph: str, answer: str) -> str | None:
    span = supporting_sentence(paragraph, answer)
    return None if span is None else paragraph[span[0]:span[1]]


@pytest.mark.parametrize("answer,expected", [
    ("Pendiri Scale AI adalah Alexandr Wang [4].", "Pendiri Scale AI adalah Alexandr Wang, seorang miliarder muda."),
    ("Scale AI was founded by Alexandr Wang [4].", "Pendiri Scale AI adalah Alexandr Wang, seorang miliarder muda."),
    ("He was born in 1997 [4].", "Ia lahir pada 1997."),
    ("Kantornya di San Francisco [4].", "Scale AI berkantor di San Francisco."),
])
def test_the_sentence_sharing_most_words_with_the_answer_is_chosen(answer: str, expected: str) -> None:
    assert support(PARAGRAPH, answer) == expected


def test_markers_and_stopwords_do_not_count() -> None:
    paragraph = "Yang dan di ke 4. Meta membeli saham."
    assert support(paragraph, "Yang dan di ke [4] saham.") == "Meta membeli saham."


def test_numbers_and_names_outweigh_common_words() -> None:
    paragraph = "Investasi itu besar dan penting. Nilainya naik pada 2025."
    assert support(paragraph, "Investasi besar pada 2025 [3].") == "Nilainya naik pada 2025."
    assert support(paragraph, "Investasi besar dan penting [3].") == "Investasi itu besar dan penting."


def test_a_capital_at_the_start_of_a_sentence_is_not_a_name() -> None:
    assert answer_weights("Investasi dari Meta. Besar sekali [3].") == {
        "investasi": 1.0, "meta": 3.0, "besar": 1.0, "sekali": 1.0}


def test_no_shared_word_means_no_highlight() -> None:
    assert supporting_sentence(PARAGRAPH, "Nothing relevant here [3].") is None


def test_answer_weights_drop_markers_and_stopwords() -> None:
    assert answer_weights("The stake was 49% [2, 26].") == {"stake": 1.0, "49": 3.0}


def test_sentences_split_on_end_punctuation_and_lines_but_not_decimals() -> None:
    text = "Nilai 14.3 miliar. Kedua?\n• Butir satu\n• Butir dua"
    assert [text[s:e] for s, e in sentences(text)] == ["Nilai 14.3 miliar.", "Kedua?", "• Butir satu", "• Butir dua"]
