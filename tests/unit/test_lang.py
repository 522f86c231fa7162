import pytest

from rag.lang import detect, resolve


@pytest.mark.parametrize("question", [
    "Siapa pendiri Scale AI?", "Berapa persen saham yang dibeli Meta?", "Kapan Google membeli DeepMind?",
    "Mengapa Meta berinvestasi di Scale AI?", "Apa itu Laboratorium Superintelligence?",
])
def test_indonesian_questions(question: str) -> None:
    assert detect(question) == "id"


@pytest.mark.parametrize("question", [
    "Who founded Scale AI?", "How big a stake did Meta buy?", "When did Google buy DeepMind?",
    "Why did Meta invest in Scale AI?", "What is the Superintelligence Lab?",
])
def test_english_questions(question: str) -> None:
    assert detect(question) == "en"


def test_explicit_language_overrides_detection() -> None:
    assert resolve("en", "Siapa pendiri Scale AI?") == "en"
    assert resolve("auto", "Siapa pendiri Scale AI?") == "id"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language must be one of auto, id, en"):
        resolve("fr", "Qui a fondé Scale AI ?")
