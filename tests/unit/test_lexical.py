from rag.lexical import Lexical, analyse, names_and_numbers, words
from rag.types import Paragraph


def test_words_keep_numbers_and_hyphenated_names() -> None:
    assert words("49% saham GPT-4") == ["49", "saham", "gpt-4", "gpt", "4"]


def test_indonesian_words_are_stemmed() -> None:
    assert analyse("mengakuisisi", "id") == analyse("akuisisi", "id")


def test_names_and_numbers_drop_translated_words() -> None:
    assert names_and_numbers("When did Google acquire DeepMind in 2014?") == "Google DeepMind 2014"


def test_cross_language_question_scores_only_on_names() -> None:
    ps = [Paragraph(1, "a", "", "Google mengakuisisi DeepMind pada 2014.", language="id"),
          Paragraph(2, "a", "", "Meta membeli saham pada tahun itu.", language="id")]
    lex = Lexical(ps)
    en, same = lex.scores("In which year did Google buy DeepMind?", "en")
    assert not same.any()
    assert en[0] > 0 and en[1] == 0
    idq, same = lex.scores("Kapan Meta membeli saham?", "id")
    assert same.all() and idq[1] > idq[0]
