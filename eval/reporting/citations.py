"""Citation precision and recall of stored answers, as the run cited them and by the rule before
verified citations (the marked paragraphs sharing the answer's words, plus the top hit).

    python -m eval.reporting.citations RUN.json --set SET.jsonl [--set ...]

Precision: the share of cited paragraphs that hold the gold evidence (answerable items, every answer
past the reply checks; and of right answers only); recall: the share of right answers (lenient) citing at least one. Retrieval
is run again (deterministic) to find the paragraphs the prompt held; no generator is loaded.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from rag import Bot, Settings
from rag.answer import prompt, support
from rag.lang import resolve
from rag.search.retrieve import close_to_best

from ..running.corpora import group
from ..running.resignal import _bot
from ..running.run import evidence_paragraphs
from ..scoring.score import load


def before(bot: Bot, question: str, draft: str) -> list[int]:
    """The paragraphs the rule before verified citations cites for `draft`."""
    question = bot.check(question)
    found = bot.retriever.search(question, resolve(None, question))
    hits = close_to_best(found.hits, bot.settings.passage_gap)
    return [h.paragraph.number for h in support.used(draft, prompt.cited_numbers(draft), hits)]


def figures(pairs: list[tuple[list[int], set[int], bool]]) -> str:
    held = sum(len(set(c) & g) for c, g, _ in pairs)
    total = sum(len(c) for c, _, _ in pairs)
    right = [(c, g) for c, g, r in pairs if r]
    recall = sum(bool(set(c) & g) for c, g in right)
    held_r, total_r = sum(len(set(c) & g) for c, g in right), sum(len(c) for c, _ in right)
    return (f"precision {held}/{total} = {held / max(1, total):.1%} (of right answers' citations "
            f"{held_r}/{total_r} = {held_r / max(1, total_r):.1%}), recall {recall}/{len(right)} = {recall / max(1, len(right)):.1%}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run", type=Path)
    p.add_argument("--set", dest="sets", type=Path, action="append", required=True)
    p.add_argument("--key", default="hybrid")
    a = p.parse_args()
    items = {i.id: i for s in a.sets for i in load(s)}
    base = Bot.load(Settings.load().with_overrides(library=False, min_dense_score=0.0), progress=False)
    bots = {corpus: base if not corpus else _bot(base, corpus) for corpus in group(list(items.values()))}
    by_set: dict[str, dict[str, list]] = {}
    for o in json.loads(a.run.read_text(encoding="utf-8"))[a.key]["outcomes"]:
        item = items.get(o["id"])
        if item is None or not item.answerable or o.get("confidence") is None:
            continue
        bot = bots[item.corpus]
        gold = evidence_paragraphs(bot, item)
        name = "article" if not item.corpus else "news"
        right = bool(o.get("draft_lenient"))
        by_set.setdefault(name, {"now": [], "before": []})
        by_set[name]["now"].append((o["citations"], gold, right))
        by_set[name]["before"].append((before(bot, item.question, o["draft"]), gold, right))
    for name, runs in by_set.items():
        print(f"{name}: verified citations {figures(runs['now'])}; before {figures(runs['before'])}")


if __name__ == "__main__":
    main()
