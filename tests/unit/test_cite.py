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


def test_paragraphs_stating_the_new_words_equally_and_as_near_the_question_are_all_cited() -> None:
    twin = Paragraph(311, "a.txt", "", "Thaksin Shinawatra, Perdana Menteri Thailand, tiba di Bangkok.")
    hits = [Hit(PM, 0.9), Hit(twin, 0.8), Hit(OTHER, 0.1)]
    assert numbers(cited("Thaksin Shinawatra [310, 311].", "Siapa Perdana Menteri Thailand?", hits, "id")) == [310, 311]


def test_of_paragraphs_stating_the_answer_equally_the_one_nearest_the_question_is_cited() -> None:
    # both name Abbas; only 35 says it with the question's words (Hamas, pemilu, Januari)
    speech = Paragraph(35, "a.txt", "", "Setelah pidato Abbas, Hamas memastikan ikut pemilu Januari.")
    visit = Paragraph(323, "a.txt", "", "Abbas berkunjung ke Kairo pekan lalu.")
    hits = [Hit(speech, 0.9), Hit(visit, 0.8)]
    assert numbers(cited("Abbas [35, 323].", "Setelah pidato siapa Hamas memastikan ikut pemilu Januari?", hits,
                         "id")) == [35]


def test_where_no_paragraph_holds_the_questions_words_every_stating_one_stays() -> None:
    # an English question over Indonesian text: nothing to break the tie with
    speech = Paragraph(35, "a.txt", "", "Setelah pidato Abbas, Hamas memastikan ikut pemilu.")
    visit = Paragraph(323, "a.txt", "", "Abbas berkunjung ke Kairo pekan lalu.")
    hits = [Hit(speech, 0.9), Hit(visit, 0.8)]
    assert numbers(cited("Abbas [35, 323].", "After whose speech did it decide?", hits, "en")) == [35, 323]


def test_an_answer_adding_nothing_to_the_question_keeps_the_marked_paragraphs() -> None:
    hits = [Hit(PM, 0.9), Hit(OTHER, 0.5)]
    assert numbers(cited("Perdana Menteri Thailand [310].", "Siapa Perdana Menteri Thailand?", hits, "id")) == [310]


def test_no_hits_cite_nothing() -> None:
    assert cited("Thaksin [1].", "Siapa?", [], "id") == []
