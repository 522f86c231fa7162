"""The claim checks with the real model, on questions from the article's dev sets (marked `integration`):
an amount built from a share, and a role given to a name the passages give another role, are flagged
by the checks and refused when the refusing checks are on. (The examples in the issue that asked for
this are not used: these are dev questions the checks were looked at on.)"""
from __future__ import annotations

import pytest

from rag import Bot, Settings
from rag.answer import claims, units

pytestmark = pytest.mark.integration

AMOUNT = "How much money, in dollars, did Meta pay for its Scale AI stake?"   # eval/sets/article/questions.jsonl q134
# the refusing names check reads passages in the question's language: the article is Indonesian
WRONG_NAME = ["Siapa yang memimpin Laboratorium Superintelligence Meta?",    # adversarial article-dev aa007-id
              "Siapa yang memimpin DeepMind setelah diakuisisi Google pada 2014?"]  # adversarial article-dev aa011-id


@pytest.fixture(scope="module")
def refusing(real_bot: Bot) -> Bot:
    return real_bot.with_settings(refuse_unstated_quantities=True, refuse_unstated_names=True)


def test_an_amount_no_passage_states_with_its_currency_is_flagged_and_refused(real_bot: Bot, refusing: Bot) -> None:
    a = real_bot.ask(AMOUNT)
    if a.signals is None or not any(c.isdigit() for c in a.draft):
        pytest.skip(f"the model gave no amount this time: {a.draft!r}")
    assert a.signals.quantities_stated == 0.0, a.draft
    b = refusing.ask(AMOUNT)  # refused, or (after the second try) only an amount a sentence states
    assert not b.answered or b.signals.quantities_stated == 1.0, b.text


@pytest.mark.parametrize("question", WRONG_NAME)
def test_a_name_no_sentence_states_in_the_role_asked_is_flagged_and_refused(real_bot: Bot, refusing: Bot,
                                                                          question: str) -> None:
    a = real_bot.ask(question)
    if a.signals is None or not claims.new_names(question, a.draft):
        pytest.skip(f"refused before any check, or no name given this time: {a.draft!r}")
    assert a.signals.names_stated == 0.0, a.draft
    b = refusing.ask(question)  # refused, or (after the second try) only a name a sentence states
    assert not b.answered or b.signals.names_stated == 1.0, b.text


def test_a_right_answer_passes_the_checks_and_cites_the_paragraph_that_states_it(real_bot: Bot) -> None:
    a = real_bot.with_settings(verify="sentence").ask("Siapa pendiri Scale AI?")
    assert a.answered and "Wang" in a.text
    assert a.signals.quantities_stated == 1.0 and a.signals.names_stated == 1.0
    assert a.signals.verified_sentence > 0.5  # the generator's own check: the sentence states it
    assert all("Wang" in c.text for c in a.citations)  # only paragraphs that state it are cited


# Adversarial article dev questions (eval/sets/adversarial/article-dev.jsonl) that the shipped decision
# refuses at the default mode, with no refusing check switched on: by the reply checks, or by the model
# weighing the claim checks, the grounding signals and the state probe (dev, 2026-12-04).
REFUSED_BY_DEFAULT = ["Who led DeepMind after Google acquired it in 2014?",  # aa011-en: a role given to the wrong name
                      "What is Alexandr Wang's net worth in rupiah?",        # aa021-en: an amount in another unit
                      "Berapa rupiah kekayaan bersih Alexandr Wang?"]         # aa021-id


@pytest.mark.parametrize("question", REFUSED_BY_DEFAULT)
def test_the_shipped_decision_refuses_an_invented_role_or_amount_by_default(real_bot: Bot, question: str) -> None:
    a = real_bot.ask(question)
    assert not a.answered, (a.text, a.confidence, a.draft)


def test_the_state_probe_is_read_where_the_real_generators_draft_ends(real_bot: Bot) -> None:
    a = real_bot.ask("Siapa pendiri Scale AI?")
    assert a.answered and "Wang" in a.text
    assert 0.0 < a.signals.probe < 1.0  # measured (NaN when no state was read)
    assert 0.0 < a.confidence <= 1.0


def test_a_middle_layer_is_read_beside_the_last_where_the_draft_ends(real_bot: Bot) -> None:
    import numpy as np

    g = real_bot.generator
    kept = g.answer_states, g.answer_layers
    messages = [{"role": "user", "content": "Siapa pendiri Scale AI? Jawab dengan satu kalimat."}]
    try:
        g.answer_states, g.answer_layers = True, (20, -1)
        "".join(g.stream(messages, 24, refusal="NOT FOUND"))
        both = g.answer_state
        g.answer_layers = (-1,)
        "".join(g.stream(messages, 24, refusal="NOT FOUND"))
        last = g.answer_state
    finally:
        g.answer_states, g.answer_layers = kept
    n = last.shape[0]
    assert both.shape == (2 * n,) and np.isfinite(both).all()

    def cosine(a: np.ndarray, b: np.ndarray) -> float:
        return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))

    # the last layer as read alone (the second ask reuses the cached prompt: the sums differ a little)
    assert cosine(both[n:], last) > 0.98
    assert cosine(both[:n], both[n:]) < 0.6  # block 20's output is another row (~0.23 on held-out answers)


def test_the_layers_are_read_where_the_prompt_ends_before_the_answer(real_bot: Bot) -> None:
    import numpy as np

    g = real_bot.generator
    kept = g.answer_states, g.prompt_states, g.answer_layers
    messages = [{"role": "user", "content": "Siapa pendiri Scale AI? Jawab dengan satu kalimat."}]
    try:
        g.answer_states, g.prompt_states, g.answer_layers = True, True, (17, -1)
        g.hiddens.clear()
        "".join(g.stream(messages, 24, refusal="NOT FOUND"))
        prompt_end, answer_end = list(g.hiddens)
    finally:
        g.answer_states, g.prompt_states, g.answer_layers = kept
    n = prompt_end.shape[0] // 2
    assert prompt_end.shape == answer_end.shape == (2 * n,) and np.isfinite(prompt_end).all()
    assert not np.allclose(prompt_end, answer_end)  # another token's state: the prompt's last, not the answer's
    assert not g._tap._armed  # nothing is caught after the prompt


GATED = ["Why did Meta end up cancelling the recruitment of Alexandr Wang?",  # adversarial article-dev aa033-en
         "Who led DeepMind after Google acquired it in 2014?"]               # aa011-en (dev probe_prompt < 0.001 each)


@pytest.mark.parametrize("question", GATED)
def test_the_gate_refuses_before_the_draft_when_the_prompt_end_probe_is_low(real_bot: Bot, question: str) -> None:
    a = real_bot.ask(question, mode="balanced")
    assert not a.answered and a.confidence is None, (a.draft, a.signals)
    assert a.signals.probe_prompt < real_bot.decider.at("balanced").gate
    assert a.timings.second_try == "" and a.timings.verify == 0.0
    eager = real_bot.ask(question, mode="eager")  # no gate there: the whole draft, weighed
    assert eager.confidence is not None and a.timings.generated_tokens < eager.timings.generated_tokens, \
        (a.timings, eager.timings)


# Adversarial news dev questions (eval/sets/adversarial/news-dev.jsonl) that ask a unit by name over a
# passage that gives the amount in another: the generator answers in the passage's unit.
OTHER_UNIT = {"ad103-id": "Berapa rupiah kerugian ekonomi akibat topan Khanun?",
              "ad075-en": "What was the value in US dollars of realised foreign investment (PMA) in Riau in 2003?"}


@pytest.fixture(scope="module")
def news_bot(tmp_path_factory: pytest.TempPathFactory) -> Bot:
    """The real models over the dev passages those questions are about (their own folders and index)."""
    import glob
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "eval" / "sets"
    asked = [json.loads(line) for line in (root / "adversarial" / "news-dev.jsonl").read_text(encoding="utf-8").splitlines()]
    starts = [i["evidence"][0] for i in asked if i["id"] in OTHER_UNIT]
    paragraphs = [p.strip() for f in sorted(glob.glob(str(root / "facqa" / "dev-*.id.txt")))
                  for p in Path(f).read_text(encoding="utf-8").split("\n\n")]
    folder = tmp_path_factory.mktemp("news")
    (folder / "src").mkdir()
    (folder / "src" / "berita.id.txt").write_text(
        "Berita\n\n" + "\n\n".join(p for p in paragraphs if any(p.startswith(s) for s in starts)) + "\n", encoding="utf-8")
    settings = Settings.load().with_overrides(sources=(str(folder / "src"),), index_dir=str(folder / "index"), library=False)
    return Bot.load(settings, progress=False)


@pytest.mark.parametrize("question", list(OTHER_UNIT.values()))
def test_an_amount_in_another_unit_than_the_one_asked_is_refused_by_default(news_bot: Bot, question: str) -> None:
    language = "en" if question.startswith("What") else "id"
    off = news_bot.with_settings(refuse_other_unit=False, answer_threshold=0.0).ask(question)
    if not units.other_unit(question, off.draft, language):
        pytest.skip(f"the model gave no amount in another unit this time: {off.draft!r}")
    assert off.answered  # shown when nothing refuses it
    on = news_bot.ask(question)  # the default: the unit check refuses it before the decision
    assert not on.answered and on.confidence is None, (on.text, on.draft)
