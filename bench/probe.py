"""What the state probe costs an answer, measured in one run: `python -m bench.probe [--questions 16] [--json F]`.

The same bot (one generator, loaded once) answers each article question twice: with the probe read where
the draft ends (as shipped: `rag.answer.probe.wanted`) and without it (the state not read, the signal
NaN), alternately (with first on even questions, without first on odd ones, so the prompt cache's help
to the second ask falls on both). Prints the median seconds of each and the median paired difference.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from .cli import EVAL_SET, sample


def timed(bot, question: str, probe_on: bool) -> float:  # noqa: ANN001 - a rag.Bot
    from rag.answer import probe

    shipped = probe.wanted
    if not probe_on:
        def off(features, generator):  # noqa: ANN001, ANN202 - no state read
            for flag in ("answer_states", "prompt_states"):
                if hasattr(generator, flag):
                    setattr(generator, flag, False)
            return {}
        probe.wanted = off
    try:
        start = time.perf_counter()
        bot.ask(question)
        return time.perf_counter() - start
    finally:
        probe.wanted = shipped


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--questions", type=int, default=16)
    p.add_argument("--json", type=Path)
    a = p.parse_args()
    from eval.scoring.score import load
    from rag import Bot

    bot = Bot.load()
    items = sample(load(EVAL_SET), a.questions + 1)
    bot.ask(items[0].question)  # warm: the model loaded, the openings primed
    on, off = [], []
    for k, item in enumerate(items[1:]):
        order = (True, False) if k % 2 == 0 else (False, True)
        for probe_on in order:
            (on if probe_on else off).append(timed(bot, item.question, probe_on))
    out = {"questions": len(on), "with_probe_median": round(statistics.median(on), 3),
           "without_median": round(statistics.median(off), 3),
           "median_difference": round(statistics.median(x - y for x, y in zip(on, off)), 3)}
    print(json.dumps(out))
    if a.json:
        a.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
