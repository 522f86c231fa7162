import json

import pytest

from rag import Answer, DocumentError, QuestionError


def test_answer_cites_the_paragraphs_its_markers_name(make_bot) -> None:
    bot = make_bot("Meta membeli 49% [2].")
    a = bot.ask("Berapa persen saham Scale AI yang dibeli Meta?")
    assert isinstance(a, Answer) and a.answered and a.language == "id"
    assert [c.paragraph for c in a.citations] == [2]
    assert "49%" in a.citations[0].text


def test_unmarked_answer_cites_the_hit_that_supports_it_best(make_bot) -> None:
    a = make_bot("Meta membeli 49% saham Scale AI.", top_k=3).ask("Berapa persen saham Scale AI yang dibeli Meta?")
    assert a.answered and [c.paragraph for c in a.citations] == [2] and a.text.endswith("[2].")


def test_a_marker_on_a_passage_sharing_no_words_is_moved_to_the_top_hit(make_bot) -> None:
    a = make_bot("Alexandr Wang [6].", top_k=3).ask("Siapa pendiri Scale AI?")
    assert [c.paragraph for c in a.citations] == [4] and a.text == "Alexandr Wang [4]."


def test_a_cited_paragraph_that_does_not_state_the_answer_is_dropped_for_the_one_that_does(make_bot) -> None:
    # paragraph 2 shares "Scale AI" with the answer but says nothing of its founder; 4 states it
    a = make_bot("Pendiri Scale AI adalah Alexandr Wang [2].", top_k=3).ask("Siapa pendiri Scale AI?")
    assert [c.paragraph for c in a.citations] == [4] and a.text.endswith("[4].")


def test_the_generators_check_of_its_answer_is_asked_in_the_same_conversation(make_bot) -> None:
    bot = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].", top_k=3, verify="context")
    bot.generator.verdict = 0.25
    a = bot.ask("Siapa pendiri Scale AI?")
    turn = bot.generator.judged[0]
    assert turn[:-2] == bot.generator.messages[0]  # the prompt, then the answer, then the check
    assert turn[-2] == {"role": "assistant", "content": "Pendiri Scale AI adalah Alexandr Wang [4]."}
    assert "ya atau tidak" in turn[-1]["content"] and a.signals.verified == 0.25


def test_the_check_alone_asks_whether_the_evidence_sentence_states_the_answer(make_bot) -> None:
    bot = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].", top_k=3, verify="sentence")
    bot.generator.verdict = 0.9
    a = bot.ask("Siapa pendiri Scale AI?")
    (check,) = bot.generator.judged
    assert "Quotation: Pendiri Scale AI adalah Alexandr Wang, seorang miliarder muda." in check[1]["content"]
    assert a.signals.verified_sentence == 0.9 and a.signals.verified != a.signals.verified  # context: not asked


def test_no_check_is_asked_when_the_reply_checks_refuse(make_bot) -> None:
    bot = make_bot("NOT FOUND", top_k=3)
    assert not bot.ask("Siapa pendiri Scale AI?").answered and bot.generator.judged == []


def test_an_amount_no_sentence_states_is_refused_when_the_claim_check_refuses(make_bot) -> None:
    reply = "Meta membayar 49 juta dolar [2]."
    assert make_bot(reply, top_k=3).ask("Berapa yang dibayar Meta?").answered
    a = make_bot(reply, top_k=3, refuse_unstated_quantities=True).ask("Berapa yang dibayar Meta?")
    assert not a.answered and a.signals.quantities_stated == 0.0


@pytest.mark.parametrize("gap,passages", [(0.0, 2), (1.0, 3)])
def test_hits_past_the_second_reach_the_prompt_only_when_close_to_the_best(make_bot, gap, passages) -> None:
    bot = make_bot("49% [2].", top_k=3, passage_gap=gap)
    found = bot.retrieve("Berapa persen saham Scale AI yang dibeli Meta?").hits
    assert len(found) == 3 and found[0].score - found[2].score > 0  # the fake scores are not tied
    bot.ask("Berapa persen saham Scale AI yang dibeli Meta?")
    prompt = bot.generator.messages[0][-1]["content"]
    assert [f"[{h.paragraph.number}]" in prompt for h in found] == [True] * passages + [False] * (3 - passages)


def test_the_generator_is_primed_with_the_instructions_and_the_prompt_up_to_its_best_passage(make_bot) -> None:
    bot = make_bot("49% [2].", top_k=3)
    q = "Berapa persen saham Scale AI yang dibeli Meta?"
    best = bot.retrieve(q).hits[0].paragraph.number
    bot.ask(q)
    shared, opening = bot.generator.primed
    prompt = bot.generator.messages[0][-1]["content"]
    assert shared[-1]["content"] == "<Bagian artikel>" and prompt.startswith(opening[-1]["content"] + "\n")
    assert opening[-1]["content"].split("\n")[-1].startswith(f"[{best}]")


def test_warm_primes_every_paragraphs_opening_in_both_languages(make_bot) -> None:
    bot = make_bot()
    shown = [p for p in bot.paragraphs if not p.is_heading]
    assert bot.warm(progress=False) == 2 * len(shown) > 0
    openings = [m[-1]["content"] for m in bot.generator.primed_all if "\n" in m[-1]["content"]]
    firsts = sorted(o.split("\n")[1].split("]")[0] for o in openings)
    assert firsts == sorted(f"[{p.number}" for p in shown for _ in range(2))
    assert {o.split("\n")[0] for o in openings} == {"<Bagian artikel>", "<Article passages>"}
    assert bot.generator.prepared and all(bot.generator.prepared)  # saved ahead: kept apart from answering's
    bot.ask("Berapa persen saham Scale AI yang dibeli Meta?")
    assert bot.generator.prepared[-1] is False


def test_with_stitch_the_prompts_passages_go_to_the_generator_as_segments_and_only_the_instructions_are_primed(
        make_bot) -> None:
    bot = make_bot("49% [2].", top_k=3, stitch="all")
    bot.ask("Berapa persen saham Scale AI yang dibeli Meta?")
    [shared] = bot.generator.primed
    segments, prompt = bot.generator.segments[0], bot.generator.messages[0][-1]["content"]
    assert shared[-1]["content"] == "<Bagian artikel>" and len(segments) >= 2
    assert prompt.startswith("<Bagian artikel>\n" + "".join(segments) + "</Bagian artikel>")
    plain = make_bot("49% [2].", top_k=3)
    plain.ask("Berapa persen saham Scale AI yang dibeli Meta?")
    assert plain.generator.segments == [()]


def test_stitching_the_others_puts_the_best_passage_last_whole_and_stitches_the_rest_before_it(make_bot) -> None:
    bot = make_bot("49% [2].", top_k=3, stitch="others")
    q = "Berapa persen saham Scale AI yang dibeli Meta?"
    hits = [h.paragraph.number for h in bot.retrieve(q).hits]
    bot.ask(q)
    segments, prompt = bot.generator.segments[0], bot.generator.messages[0][-1]["content"]
    shown = [int(line[1:].split("]")[0]) for line in prompt.split("\n") if line.startswith("[")]
    assert shown[::-1] == hits[:len(shown)] and len(shown) >= 2  # the best last, nearest the question
    assert [int(s[1:].split("]")[0]) for s in segments] == shown[:-1]


def test_with_stitch_warm_saves_each_paragraphs_own_state_in_both_languages(make_bot) -> None:
    bot = make_bot(stitch="all")
    shown = [p for p in bot.paragraphs if not p.is_heading]
    assert bot.warm(progress=False) == 2 * len(shown) > 0
    saved = [s for s in bot.generator.segments_primed if s]
    assert sorted(s[0].split("]")[0] for s in saved) == sorted(f"[{p.number}" for p in shown for _ in range(2))


@pytest.mark.parametrize("overrides", [{"context": "sentences"}, {"state_cache_mb": 10}])
def test_warm_saves_nothing_ahead_with_sentence_windows_or_too_small_a_budget(make_bot, overrides) -> None:
    bot = make_bot(**overrides)
    assert bot.warm(progress=False) == 0 and bot.generator.primed_all == []


def test_markers_outside_the_passages_are_dropped(make_bot) -> None:
    a = make_bot("49% [2] [77].").ask("Berapa persen saham yang dibeli Meta?")
    assert a.text == "49% [2]." and [c.paragraph for c in a.citations] == [2]


@pytest.mark.parametrize("reply,lang,text", [
    ("NOT FOUND", "en", "does not contain"), ("TIDAK DITEMUKAN", "id", "tidak memuat"),
])
def test_model_refusal_becomes_a_not_answered_answer_in_the_language(make_bot, reply, lang, text) -> None:
    a = make_bot(reply).ask("Berapa harga saham Meta?", language=lang)
    assert not a.answered and text in a.text and a.citations == [] and a.language == lang


def test_low_retrieval_score_refuses_without_calling_the_generator(make_bot) -> None:
    bot = make_bot("49% [2].", min_dense_score=0.99)
    a = bot.ask("What is the capital of France?")
    assert not a.answered and bot.generator.messages == []


@pytest.mark.parametrize("question,match", [
    ("", "empty"), ("   \n\t ", "empty"), ("x" * 2001, "2,001 characters long; the limit is 2,000"),
])
def test_bad_questions_raise_question_error(make_bot, question: str, match: str) -> None:
    with pytest.raises(QuestionError, match=match):
        make_bot().ask(question)


def test_question_error_is_a_value_error() -> None:
    assert issubclass(QuestionError, ValueError)


def test_language_argument_forces_the_answer_language(make_bot) -> None:
    bot = make_bot()
    a = bot.ask("Siapa pendiri Scale AI?", language="en")
    assert a.language == "en"
    assert "Question: Siapa pendiri Scale AI?" in bot.generator.messages[-1][-1]["content"]


def test_stream_yields_the_decided_answer_then_the_final_answer(make_bot) -> None:
    stream = make_bot("Alexandr Wang [4].").stream("Siapa pendiri Scale AI?")
    pieces = list(stream)
    assert "".join(pieces) == "Alexandr Wang [4]."  # held back until the answerability decision
    assert stream.answer.text == "Alexandr Wang [4]." and stream.answer.citations[0].paragraph == 4


def test_the_retrieved_paragraphs_are_known_before_generation(make_bot) -> None:
    bot = make_bot("Alexandr Wang [4].")
    stream = bot.stream("Siapa pendiri Scale AI?")
    pieces = iter(stream)
    assert next(pieces) == "" and bot.generator.messages == []  # retrieval done, nothing generated yet
    assert stream.candidates and 4 in {c.paragraph for c in stream.candidates}
    assert "".join(pieces) == "Alexandr Wang [4]."
    assert stream.answer.draft == stream.answer.text and stream.answer.signals is not None


def test_stream_does_not_show_the_refusal_sentinel(make_bot) -> None:
    stream = make_bot("NOT FOUND").stream("How much did Meta pay?")
    assert "".join(stream) == stream.answer.text and "NOT FOUND" not in stream.answer.text


def test_to_dict_is_json_serialisable(make_bot) -> None:
    d = make_bot("49% [2].").ask("Berapa persen saham yang dibeli Meta?").to_dict()
    assert json.loads(json.dumps(d))["citations"][0]["paragraph"] == 2
    assert set(d) >= {"text", "language", "answered", "citations"}


def test_control_characters_are_treated_as_spaces(make_bot) -> None:
    bot = make_bot()
    bot.ask("Siapa\x00pendiri\x1bScale AI? 🤖")
    assert "Pertanyaan: Siapa pendiri Scale AI? 🤖" in bot.generator.messages[-1][-1]["content"]


def test_followup_is_searched_with_the_previous_question(make_bot) -> None:
    bot = make_bot(followup_rewrite=False)  # rewritten to stand alone: tests/unit/test_followup.py
    bot.ask("Who is it?", history=["Siapa pendiri Scale AI?"])
    user = bot.generator.messages[-1][-1]["content"]
    assert "Previous question: Siapa pendiri Scale AI?" in user and "[4]" in user


def test_a_question_that_stands_alone_ignores_history(make_bot) -> None:
    bot = make_bot()
    bot.ask("Kapan Google mengakuisisi DeepMind pada 2014?", history=["Siapa pendiri Scale AI?"])
    assert "sebelumnya" not in bot.generator.messages[-1][-1]["content"]


def test_with_documents_answers_over_article_and_new_file(make_bot, tmp_path) -> None:
    bot = make_bot()
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\nThe Acme robot was built in Bandung.", encoding="utf-8")
    seen = []
    both = bot.with_documents([doc], progress=lambda done, total: seen.append((done, total)))
    assert [p.number for p in both.paragraphs if p.source == "notes.md"] == [7, 8]
    assert seen[-1] == (8, 8) and len(bot.paragraphs) == 6  # the original bot is unchanged
    a = both.ask("Where was the Acme robot built?")
    assert "notes.md" in {c.source for c in a.citations}


def test_with_documents_skips_duplicates_and_refuses_bad_files(make_bot, tmp_path, docs) -> None:
    bot = make_bot()
    assert bot.with_documents([docs / "article.txt"]) is bot
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    with pytest.raises(DocumentError, match="bad.txt: is empty"):
        bot.with_documents([bad])


def test_an_answer_with_a_number_no_passage_holds_is_refused(make_bot) -> None:
    a = make_bot("Scale AI has 100 employees [2].").ask("How many employees does Scale AI have?")
    assert not a.answered and a.citations == [] and "does not contain" in a.text


def test_numbers_from_the_passages_are_accepted(make_bot) -> None:
    assert make_bot("Google bought DeepMind in 2014 [6].").ask("When did Google buy DeepMind?").answered


def test_a_reply_of_markers_only_is_not_an_answer(make_bot) -> None:
    a = make_bot("[4].").ask("Siapa pendiri Scale AI?")
    assert not a.answered and a.text == "Maaf, artikel tidak memuat jawaban atas pertanyaan ini."


def test_a_reply_that_restates_the_question_is_asked_again_once(make_bot) -> None:
    bot = make_bot(["Pendiri Scale AI adalah pendiri Scale AI [4].", "Pendiri Scale AI adalah Alexandr Wang [4]."], retry=True)
    a = bot.ask("Siapa pendiri Scale AI?")
    assert a.answered and a.text == "Pendiri Scale AI adalah Alexandr Wang [4]." and [c.paragraph for c in a.citations] == [4]
    retry = bot.generator.messages[1]
    assert len(bot.generator.messages) == 2 and retry[-2]["role"] == "assistant"
    assert retry[-1]["content"].startswith("Jawaban itu hanya mengulang pertanyaan")


def test_with_the_retry_off_a_restatement_is_refused_without_asking_again(make_bot) -> None:
    bot = make_bot(["Pendiri Scale AI adalah pendiri Scale AI [4].", "Pendiri Scale AI adalah Alexandr Wang [4]."])  # the default
    a = bot.ask("Siapa pendiri Scale AI?")
    assert not a.answered and len(bot.generator.messages) == 1 and a.timings.second_try == ""


def test_a_second_restatement_is_a_refusal(make_bot) -> None:
    bot = make_bot("Tahun berapa Scale AI didirikan [2]?", retry=True)
    stream = bot.stream("Tahun berapa Scale AI didirikan?")
    text = "".join(stream)
    assert not stream.answer.answered and len(bot.generator.messages) == 2
    assert text.endswith("Maaf, artikel tidak memuat jawaban atas pertanyaan ini.")


def test_a_refusal_over_every_hit_is_not_asked_again(make_bot) -> None:
    bot = make_bot("NOT FOUND", passage_gap=1.0)
    assert not bot.ask("Who is the CEO of Scale AI?").answered and len(bot.generator.messages) == 1


def test_the_generator_is_asked_for_its_best_answer_with_the_sentinel_watched(make_bot) -> None:
    bot = make_bot("Meta membeli 49% [2].")
    a = bot.ask("Berapa persen saham Scale AI yang dibeli Meta?")
    assert bot.generator.asked == ["NOT FOUND"]  # its probability read, then banned
    assert a.signals.refusal_prob == bot.generator.refusal_prob and 0.0 <= a.confidence <= 1.0


def test_an_answer_below_the_threshold_is_refused_but_kept_as_the_draft(make_bot) -> None:
    bot = make_bot("Meta membeli 49% [2].", answer_threshold=1.0)
    a = bot.ask("Berapa persen saham Scale AI yang dibeli Meta?")
    assert not a.answered and a.citations == [] and a.text.startswith("Maaf")
    assert a.draft == "Meta membeli 49% [2]." and a.confidence < 1.0


def test_the_worked_examples_answer_never_reaches_the_user(make_bot) -> None:
    bot = make_bot(["Pendiri Beta Labs adalah Sari Dewi [2].", "Pendiri Beta Labs adalah Sari Dewi [2]."])
    a = bot.ask("Siapa gubernur Jawa Barat?")
    assert not a.answered and "Sari Dewi" not in a.text



def test_an_english_answer_with_indonesian_words_is_translated_once(make_bot) -> None:
    bot = make_bot(["Data is like minyak dari model dasar AI [5].", "Data is like the oil of AI foundation models [5]."])
    stream = bot.stream("What does the article compare data to?")
    shown = "".join(stream)
    assert stream.answer.text.startswith("Data is like the oil of AI foundation models [")
    assert len(bot.generator.messages) == 2
    translate = bot.generator.messages[1]  # the answer alone, not the conversation: the model repeats itself there
    assert translate[0]["content"].startswith("Translate the user's text into English")
    assert translate[1]["role"] == "user" and translate[1]["content"].startswith("Data is like minyak dari model dasar AI")
    assert shown == stream.answer.text  # only the translation shows


def test_an_english_answer_quoting_a_derived_indonesian_word_is_translated(make_bot) -> None:
    bot = make_bot(["The last stage is pemantauan [4].", "The last stage is monitoring [4]."])
    a = bot.ask("What is the last stage of the list?")
    assert a.text.startswith("The last stage is monitoring [") and len(bot.generator.messages) == 2


def test_an_indonesian_answer_with_english_words_is_translated_into_indonesian(make_bot) -> None:
    bot = make_bot(["Scale AI is the data labeling platform [4].", "Scale AI adalah platform pelabelan data [4]."])
    a = bot.ask("Scale AI itu platform apa?")
    assert a.text.startswith("Scale AI adalah platform pelabelan data [")
    assert bot.generator.messages[1][0]["content"].startswith("Terjemahkan teks pengguna ke dalam bahasa Indonesia")


@pytest.mark.parametrize("translation", ["Data is like the oil of AI models.", "Data is like the oil of AI models [3]."])
def test_a_translation_keeps_the_answers_markers(make_bot, translation: str) -> None:
    first = make_bot("Data is like minyak dari model dasar AI [5].").ask("What does the article compare data to?")
    bot = make_bot(["Data is like minyak dari model dasar AI [5].", translation])
    a = bot.ask("What does the article compare data to?")
    assert a.text.startswith("Data is like the oil of AI models [")
    assert [c.paragraph for c in a.citations] == [c.paragraph for c in first.citations]


@pytest.mark.parametrize("second", ["NOT FOUND", "Data is minyak dari yang model [5].", "[5]."])
def test_a_rewrite_that_is_no_better_keeps_the_first_answer(make_bot, second: str) -> None:
    bot = make_bot(["Data is like minyak dari model dasar AI [5].", second])
    a = bot.ask("What does the article compare data to?")
    assert a.answered and a.text.startswith("Data is like minyak dari model dasar AI [")
    assert len(bot.generator.messages) == 2


def test_words_the_question_uses_are_not_taken_for_the_other_language(make_bot) -> None:
    bot = make_bot("'Di atas' means 'above' [4].")
    assert bot.ask("What does 'di atas' mean?").answered and len(bot.generator.messages) == 1


def test_a_translated_answer_is_cited_by_its_words_before_translation(make_bot) -> None:
    # the English words share nothing with paragraph 4 ("…seorang miliarder muda") but "2025" with paragraph 2
    bot = make_bot(["Seorang miliarder muda yang kaya [4].", "A young billionaire in 2025 [4]."])
    q = "In 2025, Meta bought 49% of Scale AI: what kind of person is its founder?"
    assert bot.retrieve(q).hits[0].paragraph.number == 2  # the top hit is not the cited paragraph
    a = bot.ask(q)
    assert a.text == "A young billionaire in 2025 [4]." and [c.paragraph for c in a.citations] == [4]


def test_an_answer_says_where_its_time_went(make_bot) -> None:
    a = make_bot("Meta membeli 49% [2].").ask("Berapa persen saham Scale AI yang dibeli Meta?")
    t = a.timings
    steps = t.retrieval + t.priming + t.generation + t.second_try_seconds + t.sentences + t.verify + t.decision
    assert t.second_try == "" and abs(steps - t.total) <= 0.005  # every step's time is in one field


def test_a_second_try_is_named_and_timed(make_bot) -> None:
    bot = make_bot(["[2].", "Meta membeli 49% [2]."], retry=True)  # bare markers first: asked again
    t = bot.ask("Berapa persen saham Scale AI yang dibeli Meta?").timings
    assert t.second_try == "retry" and t.second_try_seconds >= 0


def test_a_refusal_before_generation_still_has_its_retrieval_time(make_bot, monkeypatch) -> None:
    import time

    bot = make_bot(min_dense_score=0.999)
    search = bot.retriever.search  # the fake index can answer in under the 1 ms that timings keep: make it 5 ms

    def slow(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        time.sleep(0.005)
        return search(*args, **kwargs)

    monkeypatch.setattr(bot.retriever, "search", slow)
    t = bot.ask("Apa warna langit di Mars?").timings
    assert t.retrieval > 0 and t.generation == 0 and t.prompt_tokens == 0


def test_openings_saved_in_the_background_wait_while_a_question_is_answered(make_bot) -> None:
    import time

    bot = make_bot("Meta membeli 49% [2].")
    bot._asking = 1  # a question in flight
    thread = bot.warm_in_background()
    time.sleep(0.2)
    assert bot.generator.primed_all == []  # waiting
    bot._asking = 0
    thread.join(5)
    shown = [p for p in bot.paragraphs if not p.is_heading]
    assert not thread.is_alive() and len([m for m in bot.generator.primed_all if "\n" in m[-1]["content"]]) == 2 * len(shown)


def test_a_question_is_counted_while_it_is_answered(make_bot) -> None:
    bot = make_bot("Meta membeli 49% [2].")
    stream = bot.stream("Berapa persen saham Scale AI yang dibeli Meta?")
    next(iter(stream))
    assert bot._asking == 1
    stream.answer
    assert bot._asking == 0


def test_an_answer_threshold_setting_overrides_every_modes_threshold(make_bot) -> None:
    fixed = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].")  # the fakes' settings: answer_threshold = 0
    assert fixed.parts("careful").decider.threshold == 0.0 == fixed.parts().decider.threshold
    moded = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].", answer_threshold=-1.0)  # the default: no override
    modes = dict(moded.decider.modes)
    assert moded.parts("careful").decider.threshold == modes["careful"] > moded.parts("eager").decider.threshold
    assert moded.parts().decider.threshold == modes["balanced"]


def _weighing_probe(decider, weighs: bool):  # noqa: ANN001, ANN202 - a Decider with or without the probe
    import dataclasses

    keep = [i for i, f in enumerate(decider.features) if f != "probe"]
    pick = lambda values, extra: tuple(values[i] for i in keep) + ((extra,) if weighs else ())  # noqa: E731
    return dataclasses.replace(decider, features=pick(decider.features, "probe"), mean=pick(decider.mean, 0.0),
                               scale=pick(decider.scale, 1.0), coef=pick(decider.coef, 0.0))


def test_the_state_probe_reads_the_generators_state_where_its_draft_ends(make_bot, monkeypatch) -> None:
    import math

    import numpy as np

    from rag.answer import probe

    bot = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].", top_k=3)
    bot.generator.answer_state = np.array([1.0, 0.0])
    monkeypatch.setattr(probe, "load", lambda *a: probe.StateProbe(np.zeros(2), np.ones(2), np.array([2.0, 0.0]), 0.0))
    shipped = bot.decider
    bot._decider = _weighing_probe(shipped, False)
    assert math.isnan(bot.ask("Siapa pendiri Scale AI?").signals.probe)  # a model that does not weigh it: not read
    assert bot.generator.answer_states is False
    bot._decider = _weighing_probe(shipped, True)
    a = bot.ask("Siapa pendiri Scale AI?")
    assert a.signals.probe == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert bot.generator.answer_states is True  # asked to read the state where each answer ends


def test_a_gate_refuses_at_the_first_token_when_the_prompt_end_probe_is_below_it(make_bot, monkeypatch) -> None:
    import dataclasses
    import math

    import numpy as np

    from rag.answer import probe

    bot = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].", top_k=3)
    monkeypatch.setattr(probe, "load", lambda *a: probe.StateProbe(np.zeros(2), np.ones(2), np.array([2.0, 0.0]), 0.0))
    shipped = _weighing_probe(bot.decider, False)
    bot._decider = dataclasses.replace(shipped, gate=0.03)
    bot.generator.prompt_state = np.array([-2.0, 0.0])  # P(right) = sigmoid(-4) = 0.018 < 0.03
    a = bot.ask("Siapa pendiri Scale AI?")
    assert not a.answered and a.confidence is None and a.draft == "Pend"
    assert bot.generator.streamed == 1 and len(bot.generator.messages) == 1 and not bot.generator.judged
    assert bot.generator.prompt_states is True and a.signals.probe_prompt == pytest.approx(1 / (1 + math.exp(4.0)))
    bot.generator.prompt_state = np.array([2.0, 0.0])  # 0.98: the whole draft, decided as without a gate
    a = bot.ask("Siapa pendiri Scale AI?")
    assert "Alexandr Wang" in a.draft and a.confidence is not None
    bot.generator.prompt_state = np.array([-2.0, 0.0])
    bot._decider = shipped  # no gate (eager, or a model without one): the whole draft
    assert "Alexandr Wang" in bot.ask("Siapa pendiri Scale AI?").draft


def test_a_gate_applies_per_mode_and_a_threshold_setting_turns_it_off(tmp_path) -> None:
    from rag.answer.decide import DEFAULT_MODEL, Decider
    from rag.errors import SettingsError

    model = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8")) | {"gates": {"careful": 0.05, "balanced": 0.03}}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    d = Decider.load(path)
    assert (d.gate, d.at("careful").gate, d.at("eager").gate) == (0.03, 0.05, 0.0)
    assert Decider.load(path, threshold=0.0).gate == 0.0  # every answer shown: no gate either
    path.write_text(json.dumps(model | {"gates": {"bold": 0.1}}), encoding="utf-8")
    with pytest.raises(SettingsError, match="bold"):
        Decider.load(path)


def test_a_model_weighing_a_probe_that_is_not_shipped_is_a_clear_error(make_bot, monkeypatch) -> None:
    from rag.answer import probe
    from rag.errors import SettingsError

    bot = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].", top_k=3)
    monkeypatch.setattr(probe, "load", lambda *a: None)
    bot._decider = _weighing_probe(bot.decider, True)
    with pytest.raises(SettingsError, match="probe"):
        bot.ask("Siapa pendiri Scale AI?")
