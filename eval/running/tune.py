"""Fit the retrieval weights on a dev set: recall of the evidence paragraph for a grid of fusion
weights, computed once per question (dense and BM25 scores of every paragraph), no generator.

    python -m eval.running.tune eval/sets/facqa/news-dev.jsonl [--set eval/sets/article/questions.jsonl --split dev]

Prints recall@1/2/3 per language for each (lexical_weight, cross_language_factor), best first by
the mean of recall@1 and recall@3 over both languages.
"""
from __future__ import annotations

import argparse
import os
import itertools
from pathlib import Path

import numpy as np

from rag import Bot

from ..scoring.score import load, split
from .corpora import bot_for, group
from .run import evidence_paragraphs

WEIGHTS = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
CROSS = (0.0, 0.5, 1.0, 2.0)


def scores(bot: Bot, question: str, language: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense cosine, BM25 / max BM25 and the same-language mask, for every paragraph."""
    r = bot.retriever
    qv = r.embedder.queries([question])
    n = len(bot.paragraphs)
    d, ids = r.index.search(qv, n)
    dense = np.zeros(n, dtype=np.float32)
    dense[ids[0][ids[0] >= 0]] = d[0][ids[0] >= 0]
    lex, same = r.lexical.scores(question, language)
    return dense, lex / max(float(lex.max()), 1e-9), same


def ranks(dense: np.ndarray, lex: np.ndarray, same: np.ndarray, heading: np.ndarray, gold: set[int],
          w: float, cross: float) -> int | None:
    """1-based rank of the first gold paragraph (0-based indices in `gold`) under the weights."""
    fused = dense + w * np.where(same, 1.0, cross) * lex
    fused[heading] = -np.inf
    order = np.argsort(-fused, kind="stable")[:10]
    hit = [i + 1 for i, p in enumerate(order) if int(p) in gold]
    return hit[0] if hit else None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sets", nargs="+", type=Path)
    p.add_argument("--split", default="all")
    args = p.parse_args()
    base = Bot.load(progress=False, library=False)
    found: dict[tuple[float, float], dict[str, list]] = {}
    for path in args.sets:
        items = [i for i in split(load(path), args.split) if i.answerable]
        for corpus, members in group(items).items():
            bot = bot_for(base, corpus, progress=False)
            heading = np.array([q.is_heading for q in bot.paragraphs])
            for item in members:
                gold = {n - 1 for n in evidence_paragraphs(bot, item)}
                dense, lex, same = scores(bot, item.question, item.lang)
                for w, cross in itertools.product(WEIGHTS, CROSS):
                    found.setdefault((w, cross), {}).setdefault(item.lang, []).append(
                        ranks(dense, lex, same, heading, gold, w, cross))
    table = []
    for key, by_lang in found.items():
        row = {f"{lang} r@{k}": np.mean([r is not None and r <= k for r in rs]) for lang, rs in by_lang.items()
               for k in (1, 2, 3)}
        table.append((np.mean([v for k, v in row.items() if k.endswith(("@1", "@3"))]), key, row))
    for score, (w, cross), row in sorted(table, key=lambda t: -t[0])[:int(os.environ.get("TOP", 15))]:
        cells = "  ".join(f"{k} {100 * v:.1f}" for k, v in sorted(row.items()))
        print(f"w={w:<5} cross={cross:<4} mean {100 * score:.1f}  {cells}")


if __name__ == "__main__":
    main()
