"""Prompt openings saved ahead: the instructions with each paragraph as the best passage, evaluated once
and saved (`rag.generators.prefix`), so that a question whose best hit is that paragraph evaluates only
its other passages and itself; with `stitch`, each paragraph's own state (`rag.generators.stitch`). In the foreground (`rag prepare`, `rag index --prepare`) or in the
background after documents are added (the UI, the HTTP API), where each step waits while a question
is being answered, so that answering is never queued behind more than one step.
"""
from __future__ import annotations

import sys
import threading
import time
from typing import Callable

from ..generators import Generator
from ..search.context import Windows
from ..settings import Settings
from ..texts import LANGUAGES
from ..types import Hit, Paragraph
from . import prompt

OPENING_STATE_MB = 12  # a saved opening with the 1.5B (~330 tokens); ~4 MB with the 0.5B; a passage state ~3 MB


def worth_saving(settings: Settings, paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs whose openings are saved ahead: none with sentence windows (their openings depend on
    the question) or when they would take more than half of `state_cache_mb` (then saved as questions come)."""
    shown = [p for p in paragraphs if not p.is_heading]
    if settings.context != "paragraphs" or len(LANGUAGES) * len(shown) * OPENING_STATE_MB > settings.state_cache_mb / 2:
        return []
    return shown


def save(generator: Generator, settings: Settings, paragraphs: list[Paragraph], windows: Windows | None = None,
         step: Callable[[], None] = lambda: None, wait: Callable[[], None] = lambda: None) -> int:
    """Prime each paragraph's opening in both languages (and compute its sentence vectors when `windows`
    is given); `wait()` before each step, `step()` after it. Returns how many openings were primed."""
    if not paragraphs:
        return 0
    style = {"example": settings.prompt_example, "rule": settings.prompt_rule}
    done = 0
    for code in LANGUAGES:
        wait()
        generator.prime([prompt.instructions(code, **style)], prepared=True)  # each opening is evaluated from here
        for p in paragraphs:
            wait()
            if windows is not None:
                windows.scored(p.text[:200], [Hit(p, 0.0)])
            if settings.stitch != "off":  # the paragraph's own state, stitched into any prompt that retrieves it
                hits = [Hit(p, 0.0)]
                generator.prime([prompt.build_messages("", hits, code, **style)], prompt.segments(hits, code), prepared=True)
            else:
                generator.prime([prompt.instructions(code, [Hit(p, 0.0)], **style)], prepared=True)
            done += 1
            step()
    return done


def in_background(generator: Generator, settings: Settings, paragraphs: list[Paragraph], windows: Windows,
                  busy: Callable[[], bool]) -> threading.Thread:
    """`save` in a daemon thread whose steps wait while `busy()` (a question is being answered)."""
    def wait() -> None:
        while busy():
            time.sleep(0.05)

    def run() -> None:
        try:
            save(generator, settings, worth_saving(settings, paragraphs), windows, wait=wait)
        except Exception as exc:  # noqa: BLE001 - a background nicety: answering never depends on it
            print(f"rag: saving prompt openings in the background stopped: {exc}", file=sys.stderr)

    thread = threading.Thread(target=run, name="rag-openings", daemon=True)
    thread.start()
    return thread
