from rag.search.context import Windows, sentences
from rag.answer.prompt import build_messages
from rag.types import Hit, Paragraph
from tests.fakes import FakeEmbedder

HITS = [Hit(Paragraph(3, "a.txt", "", "Meta membeli saham. Pendiri Scale AI adalah Alexandr Wang. Cuaca cerah."), 0.9),
        Hit(Paragraph(7, "a.txt", "", "Google membeli DeepMind. Harga naik."), 0.8)]


def test_sentences_split_on_stops_and_lines_but_not_inside_numbers() -> None:
    assert sentences("Nilai 3.5 miliar. Lalu naik!\n• Amazon: Anthropic") == ["Nilai 3.5 miliar.", "Lalu naik!", "• Amazon: Anthropic"]


def test_the_best_matching_sentences_are_kept_within_the_budget() -> None:
    texts = Windows(FakeEmbedder()).texts("Siapa pendiri Scale AI?", HITS, budget=1)
    assert texts == {3: "… Pendiri Scale AI adalah Alexandr Wang. …"}


def test_the_top_hit_always_keeps_a_sentence() -> None:
    texts = Windows(FakeEmbedder()).texts("Google DeepMind harga", HITS, budget=1)
    assert list(texts) == [3]


def test_sentence_vectors_are_computed_once_per_paragraph() -> None:
    embedder = FakeEmbedder()
    windows = Windows(embedder)
    windows.texts("pendiri", HITS, 2)
    calls = embedder.calls
    windows.texts("harga", HITS, 2)
    assert embedder.calls == calls + 1  # the question only


def test_the_prompt_shows_only_the_chosen_sentences_of_the_chosen_paragraphs() -> None:
    _, user = build_messages("q?", HITS, "en", texts={3: "… Pendiri Scale AI adalah Alexandr Wang. …"})
    assert "[3] … Pendiri Scale AI adalah Alexandr Wang. …" in user["content"]
    assert "[7]" not in user["content"] and "Cuaca" not in user["content"]


def test_a_bot_with_sentence_context_sends_fewer_words_and_still_cites(make_bot) -> None:
    whole = make_bot()
    short = make_bot(context="sentences", context_sentences=1)
    q = "Siapa pendiri Scale AI?"
    a, b = whole.ask(q), short.ask(q)
    sent = lambda bot: bot.generator.messages[-1][-1]["content"]  # noqa: E731
    assert b.answered and [c.paragraph for c in b.citations] == [c.paragraph for c in a.citations]
    assert len(sent(short)) < len(sent(whole)) and "Alexandr Wang" in sent(short)
