"""Are the answer's amounts and names stated by a sentence of the passages (rag.answer.claims)?"""
from __future__ import annotations

import pytest

from rag.answer.claims import evidence_hits, quantities, unstated, unstated_names, unstated_quantities
from rag.types import Hit, Paragraph

DEAL = Paragraph(2, "a.txt", "", "Pada tahun 2025, Meta membeli 49% saham Scale AI senilai 14,3 miliar dolar AS. "
                                 "Kesepakatan itu diumumkan pada bulan Juni.")
LAB = Paragraph(11, "a.txt", "", "Alexandr Wang, pendiri Scale AI, akan memimpin laboratorium superintelijen Meta.")
OTHER = Paragraph(8, "a.txt", "", "Scale AI menyediakan data berlabel untuk melatih model AI.")
HITS = [Hit(DEAL, 0.9), Hit(LAB, 0.8), Hit(OTHER, 0.7)]


@pytest.mark.parametrize("text,wanted", [
    ("Rp 5 miliar", [("5", {"idr", "1e9"})]),
    ("US$14.3 billion", [("143", {"usd", "1e9"})]),
    ("14,3 miliar dolar AS", [("143", {"1e9", "usd"})]),
    ("49 persen", [("49", {"percent"})]),
    ("49%", [("49", {"percent"})]),
    ("in 2016", [("2016", {"year"})]),
    ("12 people and 300 cars", []),
])
def test_quantities_carry_their_currency_magnitude_and_sign(text: str, wanted: list) -> None:
    assert [(q.value, set(q.kinds)) for q in quantities(text)] == wanted


@pytest.mark.parametrize("answer", [
    "Meta paid $49 million for its stake [2].",     # an amount built from the share
    "Meta bought 49 million shares [2].",           # a magnitude the passage does not give
    "Meta membayar Rp 14,3 miliar [2].",            # another currency
    "The deal was announced in 2024 [2].",          # a year no sentence states
])
def test_an_amount_the_passages_do_not_state_as_written_is_unstated(answer: str) -> None:
    assert unstated_quantities(answer, HITS)


@pytest.mark.parametrize("answer", [
    "Meta bought 49% of Scale AI [2].",
    "Meta paid $14.3 billion [2].",
    "Meta membayar 14,3 miliar dolar AS [2].",
    "In 2025 [2].",
    "Scale AI has 900 employees [8].",  # a bare number is not this check's business (invented_numbers is)
])
def test_amounts_stated_with_the_same_currency_magnitude_and_sign_pass(answer: str) -> None:
    assert unstated_quantities(answer, HITS) == []


def test_a_who_answer_must_name_someone_a_sentence_states_beside_what_was_asked() -> None:
    assert unstated_names("Siapa yang akan memimpin laboratorium superintelijen Meta?", "Alexandr Wang [11].", HITS) == set()
    assert unstated_names("Siapa pendiri Scale AI?", "Mark Zuckerberg [2].", HITS) == {"mark", "zuckerberg"}


def test_citations_go_to_the_paragraphs_whose_sentence_states_the_answer() -> None:
    assert evidence_hits("Pendiri Scale AI adalah Alexandr Wang [8].", HITS, "id") == [HITS[1]]
    assert evidence_hits("Meta paid $14.3 billion [11].", HITS, "en") == [HITS[0]]
    assert evidence_hits("Meta paid $49 million [2].", HITS, "en") == []


def test_a_quantity_the_question_states_is_not_the_answers_claim() -> None:
    answer = "Roslinda jumped 4.10 metres at the 2005 championship [2]."
    assert unstated_quantities(answer, HITS) == ["2005"]
    assert unstated_quantities(answer, HITS, "How high did Roslinda jump at the 2005 championship?") == []
    assert unstated_quantities("Meta paid $49 million in 2025 [2].", HITS, "What did Meta pay in 2025?") == ["$49 million"]


def test_the_refusing_names_check_reads_only_passages_in_the_questions_language() -> None:
    english = [Hit(Paragraph(3, "b.txt", "", "Wang founded Scale AI in 2016.", language="en"), 0.9)]
    # an English question over Indonesian passages: its words are not in them, so the check does not refuse
    assert not unstated("Who leads Meta's superintelligence lab?", "Alexandr Wang [11].", HITS, "en", False, True)
    # over a passage in its own language it does, where no sentence names the answer with what was asked
    assert unstated("Who leads Meta's superintelligence lab?", "Mark Zuckerberg [3].", english, "en", False, True)
    assert unstated("Siapa pendiri Scale AI?", "Mark Zuckerberg [2].", HITS, "id", False, True)
    assert not unstated("Siapa pendiri Scale AI?", "Mark Zuckerberg [2].", HITS, "id", False, False)
