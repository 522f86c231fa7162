"""Ours beside the naive pipeline in one process, question by question, alternately: `python -m bench.pairs SPEC.json`.

Both answer every question with the same generator (loaded once), so the machine's noise falls on both;
the order alternates (ours first on even questions, naive first on odd ones). Prints one JSON object:
per pipeline the median and p95 seconds, their ratios (ours / naive), when the retrieved paragraphs were
known (what the UI shows first), and where ours spent its time (`Answer.timings`, averaged per step,
with how often each second try fired and what it cost).
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

from eval.running.run import median_p95

from .sets import megabytes

STEPS = ("retrieval", "priming", "generation", "second_try_seconds", "sentences", "verify", "decision")


def spread(values: list[float]) -> dict:
    median, p95 = median_p95(values) if values else (0.0, 0.0)
    return {"median": round(median, 3), "p95": round(p95, 3), "n": len(values)}


def ours(bot, question: str) -> dict:  # noqa: ANN001 - a rag.Bot
    start = time.perf_counter()
    stream = bot.stream(question)
    sources = None
    for _ in stream:
        if sources is None and stream.candidates:
            sources = time.perf_counter() - start
    a = stream.answer
    return {"seconds": round(time.perf_counter() - start, 3), "sources_s": round(sources or 0.0, 3),
            "answered": a.answered, "timings": asdict(a.timings) if a.timings else None}


def naive(pipeline, question: str) -> dict:  # noqa: ANN001 - an eval.running.naive.NaivePipeline
    start = time.perf_counter()
    a = pipeline.ask(question)
    return {"seconds": round(time.perf_counter() - start, 3), "answered": a.answered}


def breakdown(rows: list[dict]) -> dict:
    """Mean seconds per step, the tokens, and the second tries: how often each kind fired, its mean cost."""
    timed = [r["timings"] for r in rows if r["timings"]]
    if not timed:
        return {}
    mean = lambda key: round(statistics.fmean(t[key] for t in timed), 3)  # noqa: E731
    tries = {}
    for kind in ("retry", "translate"):
        fired = [t["second_try_seconds"] for t in timed if t["second_try"] == kind]
        tries[kind] = {"share": round(len(fired) / len(timed), 3), "mean_s": round(statistics.fmean(fired), 3) if fired else 0.0}
    return {"mean_s": {k: mean(k) for k in (*STEPS, "total", "prompt_seconds", "generate_seconds")},
            "tokens": {k: mean(k) for k in ("prompt_tokens", "evaluated_tokens", "generated_tokens")},
            "second_tries": tries}


def run(settings, items: list, prepare: bool = False) -> dict:  # noqa: ANN001
    """`prepare`: the corpus's openings saved first, as `rag prepare` does (loaded where they are saved)."""
    from eval.running.naive import NaivePipeline
    from rag import Bot

    bot = Bot.load(settings, progress=False)
    prepared = {}
    if prepare:
        counts = getattr(bot.generator, "openings", None)  # the llama backend counts where openings came from
        before = counts["evaluated"] if counts is not None else None
        start = time.perf_counter()
        saved = bot.warm(progress=False)
        seconds = time.perf_counter() - start
        evaluated = counts["evaluated"] - before if counts is not None else None
        shown = sum(not p.is_heading for p in bot.paragraphs)
        folder = settings.path(settings.cache_dir) / "states" / "prepared"
        prepared = {"openings": saved, "evaluated": evaluated, "paragraphs": shown, "seconds": round(seconds, 1),
                    "mb": megabytes(folder.glob("*.npz")),
                    "paragraphs_per_s": round(shown / seconds, 2) if evaluated and seconds else None}
    base = NaivePipeline(bot)
    bot.ask(items[0].question)  # warm-up of both (models loaded, first prompts); not timed
    base.ask(items[0].question)
    mine, theirs = [], []
    for n, item in enumerate(items[1:]):
        pair = [lambda: mine.append(ours(bot, item.question)), lambda: theirs.append(naive(base, item.question))]
        for step in pair if n % 2 == 0 else reversed(pair):
            step()
    o, b = spread([r["seconds"] for r in mine]), spread([r["seconds"] for r in theirs])
    return {"questions": len(mine), "ours": o, "naive": b,
            "ratio": {"median": round(o["median"] / b["median"], 3) if b["median"] else None,
                      "p95": round(o["p95"] / b["p95"], 3) if b["p95"] else None},
            "sources_s": spread([r["sources_s"] for r in mine]), "breakdown": breakdown(mine),
            "answered": {"ours": sum(r["answered"] for r in mine), "naive": sum(r["answered"] for r in theirs)},
            "prepared": prepared, "rows": [{"id": i.id, "ours": m, "naive": t} for i, m, t in zip(items[1:], mine, theirs)]}


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    from eval.scoring.score import load
    from rag.settings import Settings

    settings = Settings.load(**spec["settings"])
    wanted = list(spec["ids"])
    by_id = {i.id: i for i in load(Path(spec["set"]))}
    print(json.dumps(run(settings, [by_id[i] for i in wanted], bool(spec.get("prepare")))))


if __name__ == "__main__":
    main()
