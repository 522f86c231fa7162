"""What the gate saves, measured in one run: `python -m bench.gate [--questions 24] [--json F]`.

The gate refuses at the draft's first token when the generator's state where the prompt ended says the
passages do not answer (`probe_prompt` below the mode's gate: `rag.answer.decide.Decider`). The same bot
(one generator, loaded once) answers each question twice, with the shipped model's gate and without it,
alternately (with first on even questions, without first on odd ones). The questions are spread over a
news set holding answerable, passage-removed and adversarial questions in its own shares (default: the
fourth decision's `news-heldout2` run set; timing decides nothing). Prints the median and mean seconds of
each, their ratios, and how many questions the gate refused.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import time
from pathlib import Path

from .cli import ROOT, sample

MIXED_SET = ROOT / "docs" / "eval" / "verify" / "fourth" / "heldout2-set.jsonl"


def timed(bot, question: str, gate: float) -> tuple[float, bool]:  # noqa: ANN001 - a rag.Bot
    """Seconds to answer with the decider's gate set to `gate`, and whether the gate refused it."""
    shipped = bot.decider
    bot._decider = dataclasses.replace(shipped, gate=gate)
    try:
        start = time.perf_counter()
        a = bot.ask(question)
        seconds = time.perf_counter() - start
    finally:
        bot._decider = shipped
    p = a.signals.probe_prompt if a.signals is not None else float("nan")
    return seconds, bool(gate and not a.answered and a.confidence is None and p == p and p < gate)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--questions", type=int, default=24)
    p.add_argument("--set", type=Path, default=MIXED_SET)
    p.add_argument("--json", type=Path)
    a = p.parse_args()
    from eval.running.corpora import bot_for
    from eval.scoring.score import load
    from rag import Bot

    base = Bot.load()
    gate = base.decider.gate
    if not gate:
        raise SystemExit("the shipped model has no gate at its default mode: nothing to measure")
    items = sample(load(a.set), a.questions + 1)
    bots = {item.corpus: bot_for(base, item.corpus, progress=False) for item in items}  # indexes before timing
    bots[items[0].corpus].ask(items[0].question)  # warm: the model loaded, the openings primed
    on, off, refused = [], [], 0
    for k, item in enumerate(items[1:]):
        bot = bots[item.corpus]
        for with_gate in ((True, False) if k % 2 == 0 else (False, True)):
            seconds, gated = timed(bot, item.question, gate if with_gate else 0.0)
            (on if with_gate else off).append(seconds)
            refused += gated
    out = {"set": str(a.set), "questions": len(on), "gate": gate, "gated": refused,
           "with_gate": {"median": round(statistics.median(on), 3), "mean": round(statistics.fmean(on), 3)},
           "without": {"median": round(statistics.median(off), 3), "mean": round(statistics.fmean(off), 3)},
           "ratio_median": round(statistics.median(on) / statistics.median(off), 3),
           "ratio_mean": round(statistics.fmean(on) / statistics.fmean(off), 3)}
    print(json.dumps(out))
    if a.json:
        a.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
