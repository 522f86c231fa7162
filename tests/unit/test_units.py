"""The unit a question asks by name, and answers written in another one (rag/answer/units.py)."""
from __future__ import annotations

import pytest

from rag.answer import claims, units


@pytest.mark.parametrize(("question", "language", "unit"), [
    ("Berapa kaki tinggi menara itu?", "id", "foot"),
    ("Berapa miliar rupiah dana yang dikucurkan?", "id", "rupiah"),
    ("Dalam dolar AS, berapa nilai kontrak itu?", "id", "dollar"),
    ("How far, in miles, is the port from the city?", "en", "mile"),
    ("What was the cost in US dollars?", "en", "dollar"),
    ("How many square metres does the hall cover?", "en", "metric area"),
    ("Berapa meter kubik air yang dialirkan?", "id", "metric volume"),
    ("What percentage of the votes did she win?", "en", "percent"),
    ("Berapa orang yang tewas?", "id", "people"),
    ("Berapa harga saham itu?", "id", None),             # money, but no unit named
    ("How much did the company pay?", "en", None),
    ("Who won the 100 m race in 2005?", "en", None),      # a unit in the question, not asked
    ("Siapa pendiri perusahaan itu?", "id", None),
])
def test_the_unit_a_question_names_is_read(question: str, language: str, unit: str | None) -> None:
    assert units.asked_measure(question, language) == unit


@pytest.mark.parametrize(("question", "answer", "language", "flagged"), [
    ("How many feet tall is the volcano?", "It is 315 meters tall [2].", "en", True),
    ("Berapa acre luas lahan itu?", "1.200 hektar [1].", "id", True),
    ("How much, in US dollars, was the fine?", "Rp 5 miliar [3].", "en", True),
    ("Berapa orang warga yang mengungsi?", "Sekitar 40 persen [1].", "id", True),
    ("How many feet tall is the volcano?", "315 meters (1,033 feet) [2].", "en", False),  # the asked unit is there
    ("Berapa meter panjang jembatan itu?", "1,5 km [4].", "id", False),       # metric prefixes convert
    ("Berapa hektar luas danau itu?", "12 km2 [1].", "id", False),             # so do metric areas
    ("Berapa dolar nilai ekspor itu?", "3,7 dollar AS [2].", "id", False),
    ("Berapa hektar luas lahan itu?", "568.700 [1].", "id", False),            # a bare number: the question's unit
    ("How many tonnes of rice?", "About 5,000 tons [2].", "en", False),
    ("Berapa harga BBM itu?", "Rp 6.000 per liter [1].", "id", False),          # no unit asked by name
])
def test_an_answer_in_another_unit_than_the_one_asked_is_flagged(question: str, answer: str, language: str,
                                                                flagged: bool) -> None:
    assert units.other_unit(question, answer, language) is flagged


def test_the_claim_checks_refuse_it_only_when_the_unit_check_is_on() -> None:
    q, a = "How many miles is the port from the city?", "About 40 km [1]."
    assert not claims.unstated(q, a, [], "en", False, False)
    assert claims.unstated(q, a, [], "en", False, False, unit=True)
