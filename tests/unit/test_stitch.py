"""Cutting a prompt into root, segments and tail (rag/generators/stitch.py), with a tiny tokenizer."""
from __future__ import annotations

import re

from rag.answer import prompt
from rag.generators import stitch
from rag.types import Hit, Paragraph


class Words:
    """Tokens: runs of word characters, single other characters (a boundary at every line end)."""

    def tokenize(self, text: bytes, add_bos: bool = False, special: bool = False) -> list[int]:
        return [hash(t) % 50000 for t in re.findall(r"\w+|\W", text.decode())]


class Merging(Words):
    """A tokenizer that merges a line end with what follows it: segments do not end on a boundary."""

    def tokenize(self, text: bytes, add_bos: bool = False, special: bool = False) -> list[int]:
        return [hash(t) % 50000 for t in re.findall(r"\n\[|\w+|\W", text.decode())]


TEXT = "<sys>rules</sys><user><P>\n[1] Meta bought 49%.\n[2] Wang founded it.\n</P>\nQ: who?</user>"
SEGMENTS = ("[1] Meta bought 49%.\n", "[2] Wang founded it.\n")


def test_a_prompt_is_root_segments_and_tail_whose_tokens_are_the_prompts() -> None:
    cut = stitch.split(Words(), TEXT, SEGMENTS)
    assert cut is not None and cut.texts == SEGMENTS
    llm = Words()
    assert cut.root + sum(cut.segments, ()) + cut.tail == tuple(llm.tokenize(TEXT.encode()))
    assert cut.root == tuple(llm.tokenize(b"<sys>rules</sys><user><P>\n"))
    assert cut.tail == tuple(llm.tokenize(b"</P>\nQ: who?</user>"))


def test_nothing_is_stitched_where_segments_do_not_follow_each_other_or_tokens_cross_them() -> None:
    assert stitch.split(Words(), TEXT, ()) is None
    assert stitch.split(Words(), TEXT, ("[3] absent\n",)) is None
    assert stitch.split(Words(), TEXT, SEGMENTS[::-1]) is None  # not in the prompt's order
    assert stitch.split(Merging(), TEXT, SEGMENTS) is None


def test_the_prompts_passages_are_its_segments_in_order() -> None:
    hits = [Hit(Paragraph(n, "doc.txt", "Intro", f"Paragraph {n} says something."), 0.5) for n in (3, 7)]
    segments = prompt.segments(hits, "en")
    user = prompt.build_messages("Who?", hits, "en")[-1]["content"]
    assert len(segments) == 2 and all(s.endswith("\n") for s in segments)
    assert "".join(segments) in user and segments[0].startswith("[3]") and segments[1].startswith("[7]")


def test_recomputed_tokens_are_the_count_or_the_share_whichever_is_more_and_never_more_than_the_passage() -> None:
    assert stitch.redone(100, 0, 0.0) == 0
    assert stitch.redone(100, 16, 0.0) == 16
    assert stitch.redone(100, 16, 0.25) == 25
    assert stitch.redone(101, 0, 0.5) == 51  # rounded up
    assert stitch.redone(10, 16, 0.0) == 10
    assert stitch.redone(80, 0, 1.0) == 80
