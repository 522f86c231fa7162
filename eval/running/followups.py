"""Follow-up pairs asked two ways in one process: rewritten to stand alone (`followup_rewrite` on) and
searched with the earlier question (off), each item both ways in turn (which goes first alternates:
the first evaluates prompt openings the second may find saved); strict and lenient scores,
paired. Each item takes the model lock (`/tmp/llama.lock` style, `--lock FILE`) so other model runs
can take turns between items.

    python -m eval.running.followups eval/sets/followups/news-dev.jsonl --json out.json [--per-lang N]
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import random
import sys
import time
from pathlib import Path

from rag import Bot
from rag.indexing.indexer import open_index

from ..scoring.score import answer_correct, load, lenient_correct
from ..scoring.stats import mcnemar
from .corpora import bot_for, group

ARMS = ("rewrite", "together")


@contextlib.contextmanager
def _lock(path: Path | None):
    if path is None:
        yield
        return
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.running.followups")
    p.add_argument("set_path", type=Path)
    p.add_argument("--json", dest="json_path", type=Path, required=True)
    p.add_argument("--per-lang", type=int, help="a seeded sample of N pairs per language")
    p.add_argument("--lock", type=Path, help="a lock file taken around each item")
    p.add_argument("--ids", type=Path, help="only the items whose ids this file lists (one per line)")
    p.add_argument("--arms", default=",".join(ARMS), help="which ways to ask (default: both)")
    a = p.parse_args(argv)
    raw = {json.loads(line)["id"]: json.loads(line) for line in a.set_path.read_text(encoding="utf-8").splitlines() if line.strip()}
    items = load(a.set_path)
    if a.per_lang:
        rng = random.Random(0)
        items = [i for lang in ("id", "en") for i in sorted(rng.sample([i for i in items if i.lang == lang],
                 min(a.per_lang, sum(1 for i in items if i.lang == lang))), key=lambda i: i.id)]
    if a.ids:
        wanted = set(a.ids.read_text(encoding="utf-8").split())
        items = [i for i in items if i.id in wanted]
    base = Bot.load(progress=False)
    done: list[dict] = []
    partial = a.json_path.with_suffix(".partial.jsonl")
    if partial.exists():
        done = [json.loads(line) for line in partial.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen = {d["id"] for d in done}
    for corpus, group_items in group(items).items():
        on = bot_for(base, corpus, progress=False)
        off_settings = on.settings.with_overrides(followup_rewrite=False)
        off = Bot.from_stored(off_settings, open_index(off_settings, on.retriever.embedder, progress=False),
                              on.retriever.embedder, on.generator)
        for item in group_items:
            if item.id in seen:
                continue
            row = {"id": item.id, "lang": item.lang, "question": item.question, "previous": raw[item.id]["previous"]}
            arms = [(arm, bot) for arm, bot in zip(ARMS, (on, off)) if arm in a.arms.split(",")]
            for arm, bot in arms if len(done) % 2 == 0 else arms[::-1]:  # alternate: the first pays for new openings
                with _lock(a.lock):
                    start = time.perf_counter()
                    ans = bot.ask(item.question, history=[row["previous"]])
                row[arm] = {"text": ans.text, "answered": ans.answered, "understood_as": ans.understood_as,
                            "strict": answer_correct(item, ans.text, ans.answered),
                            "lenient": lenient_correct(item, ans.text, ans.answered),
                            "seconds": round(time.perf_counter() - start, 3)}
            done.append(row)
            with partial.open("a", encoding="utf-8") as f:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
            said = " ".join(f"{arm}={row[arm]['lenient']}" for arm in ARMS if arm in row)
            print(f"{len(done)}/{len(items)} {item.id} {said}", file=sys.stderr, flush=True)
    summary = summarise(done)
    a.json_path.write_text(json.dumps({"summary": summary, "outcomes": done}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(summary, indent=1))
    return 0


def summarise(rows: list[dict]) -> dict:
    """Per language: both ways' right (strict, lenient), paired; {} unless every row has both ways."""
    out: dict = {}
    if not all(arm in r for r in rows for arm in ARMS):
        return out
    for lang in ("id", "en"):
        rs = [r for r in rows if r["lang"] == lang]
        if not rs:
            continue
        entry = {"pairs": len(rs), "rewritten": sum(bool(r["rewrite"]["understood_as"]) for r in rs)}
        for score in ("strict", "lenient"):
            on = [r["rewrite"][score] for r in rs]
            off = [r["together"][score] for r in rs]
            paired = mcnemar(on, off)
            entry[score] = {"rewrite": round(100 * sum(on) / len(rs), 1), "together": round(100 * sum(off) / len(rs), 1),
                            "only_rewrite": paired.only_first, "only_together": paired.only_second, "p": paired.p_value}
        entry["median_seconds"] = {arm: sorted(r[arm]["seconds"] for r in rs)[len(rs) // 2] for arm in ARMS}
        out[lang] = entry
    return out


if __name__ == "__main__":
    sys.exit(main())
