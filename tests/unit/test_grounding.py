"""Does the answer's evidence sentence state what the question asks (rag.answer.grounding)?"""
from __future__ import annotations

import pytest

from rag.answer.grounding import asked_in_sentence, asked_unit, comparison_match, evidence, time_match, unit_match
from rag.types import Hit, Paragraph

SHARE = Paragraph(2, "a.txt", "", "Pada tahun 2025, Meta membeli 49% saham Scale AI. Nilainya tidak diumumkan.")
COACH = Paragraph(5, "b.txt", "", "Persipura menang 2-0. Gol dicetak oleh Boaz Solossa pada menit ke-30.")
HITS = [Hit(SHARE, 0.9), Hit(COACH, 0.5)]


@pytest.mark.parametrize("question,lang,kind", [
    ("Berapa dolar yang dibayar Meta untuk sahamnya?", "id", "money"),
    ("Berapa nilai saham yang dibeli Meta?", "id", "money"),
    ("How much did Meta pay for its stake?", "en", "money"),
    ("What percentage of Scale AI did Meta buy?", "en", "percent"),
    ("Berapa orang yang tewas?", "id", "people"),
    ("How many kilometres long is the road?", "en", "length"),
    ("Berapa lama perjalanan itu?", "id", "duration"),
    ("Siapa pendiri Scale AI?", "id", None),
    ("Tahun berapa Meta membeli saham itu?", "id", None),
])
def test_the_kind_of_number_a_question_asks_for(question: str, lang: str, kind: str | None) -> None:
    assert asked_unit(question, lang) == kind


def test_a_share_does_not_answer_a_question_about_dollars() -> None:
    assert unit_match("How many dollars did Meta pay?", "Meta paid 49% [2].", "en", SHARE.text) == 0.0
    assert unit_match("Berapa persen saham yang dibeli Meta?", "49% [2].", "id", SHARE.text) == 1.0


def test_a_bare_number_counts_when_its_passage_writes_it_with_the_unit_asked() -> None:
    text = "Sebanyak 12 orang tewas dalam kecelakaan itu."
    assert unit_match("Berapa orang yang tewas?", "12 [3].", "id", text) == 1.0
    assert unit_match("Berapa ton beras yang hilang?", "12 [3].", "id", text) == 0.0


def test_the_evidence_is_the_sentence_holding_the_answer_with_its_neighbours() -> None:
    found = evidence("Boaz Solossa mencetak gol [5].", HITS)
    assert found is not None and found[1].paragraph.number == 5 and "Boaz Solossa" in found[0]
    assert evidence("Pelatihnya adalah Jacksen Tiago [5].", HITS) is None


def test_a_role_the_sentence_does_not_name_lowers_the_share_of_the_question_in_it() -> None:
    found = evidence("Boaz Solossa [5].", HITS)
    assert asked_in_sentence("Siapa pelatih Persipura?", "id", found) < asked_in_sentence("Siapa pencetak gol Persipura?", "id", found)
    assert asked_in_sentence("Siapa pelatih Persipura?", "id", None) == 0.0


def test_a_superlative_needs_a_comparison_in_the_evidence() -> None:
    found = evidence("Meta membeli 49% saham Scale AI [2].", HITS)
    assert comparison_match("Siapa pemegang saham terbesar Scale AI?", "id", found) == 0.0
    assert comparison_match("Berapa persen saham yang dibeli Meta?", "id", found) == 1.0


def test_a_year_or_the_present_must_be_in_the_answers_passage() -> None:
    found = evidence("Meta membeli 49% saham [2].", HITS)
    assert time_match("Berapa persen saham yang dibeli Meta pada 2025?", "id", found) == 1.0
    assert time_match("Berapa persen saham yang dibeli Meta pada 2019?", "id", found) == 0.0
    assert time_match("How large is Meta's stake now?", "en", found) == 0.0
