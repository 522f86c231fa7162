import pytest

from rag.search.lexical import Lexical, analyse, derived_id, words
from rag.types import Paragraph


def test_words_keep_numbers_and_hyphenated_names() -> None:
    assert words("49% saham GPT-4") == ["49", "saham", "gpt-4", "gpt", "4"]


def test_indonesian_words_are_stemmed() -> None:
    assert analyse("mengakuisisi", "id") == analyse("akuisisi", "id")


def corpus() -> list[Paragraph]:
    texts = ["Google mengakuisisi DeepMind pada 2014.", "Meta membeli saham pada tahun itu.",
             "Meta dan AI tumbuh.", "Meta membangun AI.", "Meta melatih AI.", "Meta meneliti AI.",
             "Meta merilis AI.", "Meta menjual AI.", "Meta menyewa AI.", "Meta memakai AI."]
    return [Paragraph(i + 1, "a", "", t, language="id") for i, t in enumerate(texts)]


def test_cross_language_question_scores_only_on_rare_shared_words() -> None:
    lex = Lexical(corpus(), cross_language_max_df=0.12)
    en, same = lex.scores("In which year did Google buy DeepMind?", "en")
    assert not same.any()
    assert en[0] > 0 and (en[1:] == 0).all()


def test_frequent_words_do_not_carry_across_languages() -> None:
    en, _ = Lexical(corpus(), cross_language_max_df=0.12).scores("What does Meta do with AI?", "en")
    assert (en == 0).all()


def test_same_language_question_uses_all_its_content_words() -> None:
    idq, same = Lexical(corpus()).scores("Kapan Meta membeli saham?", "id")
    assert same.all() and idq[1] == idq.max() > 0


@pytest.mark.parametrize("word", ["pekerjaan", "pemerintah", "pemantauan", "penyebaran", "memiliki", "menggunakan",
                                  "memperkuat", "didirikan", "tertutupnya", "termuda", "kecepatan", "bukanlah"])
def test_indonesian_roots_with_affixes_are_derived(word: str) -> None:
    assert derived_id(word)


@pytest.mark.parametrize("word", ["data", "kerja", "model", "terminate", "perpetual", "belong", "minute", "lines",
                                  "deleting", "sees", "international", "monitoring", "government", "Alexandr"])
def test_bare_roots_and_english_words_are_not(word: str) -> None:
    assert not derived_id(word)
