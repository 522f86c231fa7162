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


def test_bm25_scores_are_bm25s_lucene_scores() -> None:
    import bm25s
    import numpy as np

    from rag.search.bm25 import Bm25, term_ids

    docs = [["saham", "meta", "scale", "saham"], ["meta", "lab"], ["wang", "scale", "ai", "ai", "ai"], []]
    reference = bm25s.BM25()
    vocab: dict[str, int] = {}
    reference.index(bm25s.tokenization.Tokenized(ids=[[vocab.setdefault(t, len(vocab)) for t in d] for d in docs[:3]],
                                                 vocab=vocab), show_progress=False)
    ours = Bm25([np.asarray(term_ids(d, add=True), dtype=np.int32) for d in docs[:3]])
    for query in (["saham"], ["meta", "scale"], ["ai", "wang", "meta"], ["scale", "scale"]):
        np.testing.assert_allclose(ours.scores(term_ids(query)), reference.get_scores(query), rtol=1e-5)
    assert not Bm25([]).scores(term_ids(["saham"])).size  # an empty library scores nothing
    assert ours.scores(term_ids(["tidak-ada-di-mana-pun"])).tolist() == [0.0, 0.0, 0.0]


def test_a_library_made_again_analyses_only_its_new_paragraphs(monkeypatch) -> None:
    from rag.search import lexical

    seen: list[str] = []
    real = lexical.analyse
    monkeypatch.setattr(lexical, "analyse", lambda text, language, **k: seen.append(text) or real(text, language, **k))
    first = [Paragraph(0, "a.md", "", "Kucing kantor tinggal di lantai tiga gedung Nusantara.", language="id"),
             Paragraph(1, "a.md", "", "The office cat was adopted in 2021 by the design team.", language="en")]
    before = Lexical(first)
    assert len(seen) == 2
    grown = Lexical(first + [Paragraph(2, "b.md", "", "Anjing penjaga tidur di lobi Nusantara.", language="id")])
    assert len(seen) == 3  # the first two came from the cache
    assert grown.scores("Di lantai berapa kucing tinggal?", "id")[0].argmax() == 0
    assert grown.scores("Di mana anjing penjaga tidur?", "id")[0].argmax() == 2
    assert before.scores("Where was the cat adopted in 2021?", "en")[0].argmax() == 1
