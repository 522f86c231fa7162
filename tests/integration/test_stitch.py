"""Passage states stitched into prompts, with the real 1.5B on the shipped article (marked `integration`)."""
from __future__ import annotations

import pytest

from rag import Bot
from rag.answer import prompt
from rag.generators.llama import LlamaCpp

pytestmark = pytest.mark.integration
QUESTION = "In which year did Google buy DeepMind?"


def fresh(real_bot: Bot, tmp_path, **overrides) -> tuple[Bot, LlamaCpp]:  # noqa: ANN001
    """As in a new process: a new llama context, its own cache folder."""
    s = real_bot.settings.with_overrides(cache_dir=str(tmp_path / "cache"), **overrides)
    generator = LlamaCpp(s)
    return Bot(s, real_bot.paragraphs, real_bot.retriever.index, real_bot.retriever.embedder, generator), generator


def test_once_its_passages_are_saved_a_stitched_answer_evaluates_little_more_than_the_question(real_bot, tmp_path) -> None:
    first_bot, first = fresh(real_bot, tmp_path, stitch="all")
    a = first_bot.ask(QUESTION)
    assert "2014" in a.text
    saved = sorted((tmp_path / "cache" / "states").glob("seg-*.npz"))
    hits = first_bot.retrieve(QUESTION).hits
    assert 2 <= len(saved) <= len(hits)  # one state per passage of the prompt
    second_bot, second = fresh(real_bot, tmp_path, stitch="all")
    b = second_bot.ask(QUESTION)
    assert b.text == a.text
    u = second.usage
    assert u.prompt_tokens > 300 and u.evaluated_tokens < 60, u  # the question and the template's tail


def whole_and_stitched(generator: LlamaCpp, hits: list) -> tuple[str, str]:
    """The answer to QUESTION over `hits` from the prompt evaluated whole, then from it stitched."""
    messages = prompt.build_messages(QUESTION, hits, "en")
    generator.prime([prompt.instructions("en")])
    whole = "".join(generator.stream(messages, 24))
    generator.reset()
    generator.prime([prompt.instructions("en")])
    return whole, "".join(generator.stream(messages, 24, segments=prompt.segments(hits, "en")))


def test_a_prompt_with_one_passage_stitched_gives_what_the_whole_prompt_gives(real_bot, tmp_path) -> None:
    _, generator = fresh(real_bot, tmp_path, stitch="all")
    whole, stitched = whole_and_stitched(generator, real_bot.retrieve(QUESTION).hits[:1])
    assert stitched == whole and "2014" in whole


@pytest.mark.parametrize("redo", [{"stitch_recompute_share": 1.0}, {"stitch_recompute_head": 10_000}])
def test_with_every_later_passage_recomputed_a_stitched_prompt_answers_as_the_whole_prompt(real_bot, tmp_path,
                                                                                          redo) -> None:
    _, generator = fresh(real_bot, tmp_path, stitch="all", **redo)
    hits = real_bot.retrieve(QUESTION).hits
    assert len(hits) >= 2
    whole, stitched = whole_and_stitched(generator, hits)
    assert stitched == whole and "2014" in whole
