"""Follow-ups made to stand alone before they are searched, answered and decided (rag/answer/followup.py)."""
from __future__ import annotations

from rag.answer import followup
from tests.fakes import FakeGenerator


def _question_asked(bot) -> str:  # noqa: ANN001
    return bot.generator.messages[-1][-1]["content"]


def test_the_thing_pointed_back_to_replaces_the_pointer(make_bot) -> None:
    bot = make_bot(["Scale AI", "Alexandr Wang [8]."])
    answer = bot.ask("Who founded it?", history=["Tell me about Scale AI."])
    assert answer.understood_as == "Who founded Scale AI?"
    assert answer.question == "Who founded it?"
    assert "Question: Who founded Scale AI?" in _question_asked(bot)
    assert "Previous question" not in _question_asked(bot)


def test_an_indonesian_pointer_by_its_ending(make_bot) -> None:
    bot = make_bot(["Scale AI", "Alexandr Wang [8]."])
    answer = bot.ask("Siapa pendirinya?", history=["Ceritakan tentang Scale AI."])
    assert answer.understood_as == "Siapa pendiri Scale AI?"
    assert "Pertanyaan: Siapa pendiri Scale AI?" in _question_asked(bot)


def test_a_name_the_generator_did_not_copy_is_still_a_reading(make_bot) -> None:
    bot = make_bot(["OpenAI", "Alexandr Wang [8]."])
    answer = bot.ask("Who founded it?", history=["Tell me about Scale AI."])
    assert answer.understood_as == "Who founded Scale AI?"


def test_without_a_pointer_to_replace_the_generator_rewrites_it_whole(make_bot) -> None:
    bot = make_bot(["Scale AI", "Who founded that company, Scale AI?", "Alexandr Wang [8]."])
    answer = bot.ask("Who founded that company?", history=["Tell me about Scale AI."])
    assert answer.understood_as == "Who founded that company, Scale AI?"


def test_when_both_fail_the_two_questions_are_searched_together(make_bot) -> None:
    bot = make_bot(["OpenAI", "Alexandr Wang founded that company.", "Alexandr Wang [8]."])
    answer = bot.ask("Who founded that company?", history=["Tell me about Scale AI."])
    assert answer.understood_as == ""
    assert "Previous question: Tell me about Scale AI." in _question_asked(bot)


def test_of_two_names_the_reading_the_documents_answer_best_is_taken(make_bot) -> None:
    bot = make_bot(["Meta", "Alexandr Wang [8]."])
    answer = bot.ask("Who founded it?", history=["What share of Scale AI did Meta buy?"])
    scores = {r: bot.retriever.search(r, "en").best_dense for r in ("Who founded Meta?", "Who founded Scale AI?")}
    assert answer.understood_as == max(scores, key=scores.get)


def test_turned_off_the_generator_is_asked_once(make_bot) -> None:
    bot = make_bot("Alexandr Wang [8].", followup_rewrite=False)
    answer = bot.ask("Who founded it?", history=["What share of Scale AI did Meta buy?"])
    assert len(bot.generator.messages) == 1 and answer.understood_as == ""


def test_a_question_without_history_is_not_rewritten(make_bot) -> None:
    bot = make_bot("Alexandr Wang [8].")
    assert bot.ask("Who founded it?").understood_as == ""
    assert len(bot.generator.messages) == 1


def test_a_referent_must_be_copied_from_the_earlier_question() -> None:
    gen = FakeGenerator("  'scale ai'.\nbecause it is named there")
    assert followup.referent(gen, "Who founded it?", "What share of Scale AI did Meta buy?", "en") == "Scale AI"
    whole = FakeGenerator("What share of Scale AI did Meta buy?")
    assert followup.referent(whole, "Who founded it?", "What share of Scale AI did Meta buy?", "en") is None


def test_pointers_are_language_data() -> None:
    assert followup.resolved("Where is its head office?", "Scale AI", "en") == "Where is Scale AI's head office?"
    assert followup.resolved("Berapa penduduk di sana?", "Ambon", "id") == "Berapa penduduk di Ambon?"
    assert followup.resolved("Apa yang terjadi sebelumnya?", "Ambon", "id") is None


def test_a_follow_up_of_a_follow_up_looks_one_question_further_back(make_bot) -> None:
    bot = make_bot(["Scale AI", "2016 [8]."])
    answer = bot.ask("When was it founded?", history=["Tell me about Scale AI.", "Who founded it?"])
    assert answer.understood_as == "When was Scale AI founded?"


def test_a_question_that_finds_its_paragraph_best_as_asked_stands_alone(make_bot) -> None:
    # "Kapan Google mengakuisisi DeepMind?" with "-nya" on a noun looks like a follow-up; put in place of
    # the pointer, the earlier question's name makes it find its paragraph less well than as asked
    bot = make_bot(["Alexandr Wang", "Pada 2014 [4]."])
    question = "Kapan Google mengakuisisi DeepMind dan labnya?"
    answer = bot.ask(question, history=["Ceritakan tentang Alexandr Wang."])
    as_asked = bot.retriever.search(question, "id").best_dense
    reading = bot.retriever.search("Kapan Google mengakuisisi DeepMind dan lab Alexandr Wang?", "id").best_dense
    assert as_asked > reading
    assert answer.understood_as == ""
    assert "sebelumnya" not in _question_asked(bot) and f"Pertanyaan: {question}" in _question_asked(bot)
