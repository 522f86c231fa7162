"""Which paragraphs an answer cites (rag.answer.cite): those stating what the answer adds to the question."""
from __future__ import annotations

from rag.answer.cite import cited
from rag.types import Hit, Paragraph

PM = Paragraph(310, "a.txt", "", "Perdana Menteri Thailand Thaksin Shinawatra mencalonkan Sonthi untuk jabatan panglima.")
ECHO = Paragraph(460, "a.txt", "", "Perdana Menteri Thailand Thaksin akan berkunjung ke Myanmar pekan depan.")
OTHER = Paragraph(12, "a.txt", "", "Harga beras naik di pasar induk Jakarta.")


def numbers(hits: list[Hit]) -> list[int]:
    return [h.paragraph.number for h in hits]


def test_a_paragraph_holding_the_questions_words_but_not_the_answers_is_not_cited() -> None:
    # 460 holds 4 of the answer's 5 words (the rule before cited it too), but only 1 of its 2 new ones
    hits = [Hit(ECHO, 0.9), Hit(PM, 0.8)]
    assert numbers(cited("Perdana Menteri Thailand adalah Thaksin Shinawatra [460, 310].",
                         "Siapa Perdana Menteri Thailand?", hits, "id")) == [310]


def test_paragraphs_stating_the_new_words_equally_are_all_cited() -> None:
    twin = Paragraph(311, "a.txt", "", "Thaksin Shinawatra, Perdana Menteri Thailand, tiba di Bangkok.")
    hits = [Hit(PM, 0.9), Hit(twin, 0.8), Hit(OTHER, 0.1)]
    assert numbers(cited("Thaksin Shinawatra [310, 311].", "Siapa Perdana Menteri Thailand?", hits, "id")) == [310, 311]


def test_an_answer_adding_nothing_to_the_question_keeps_the_marked_paragraphs() -> None:
    hits = [Hit(PM, 0.9), Hit(OTHER, 0.5)]
    assert numbers(cited("Perdana Menteri Thailand [310].", "Siapa Perdana Menteri Thailand?", hits, "id")) == [310]


def test_no_hits_cite_nothing() -> None:
    assert cited("Thaksin [1].", "Siapa?", [], "id") == []
