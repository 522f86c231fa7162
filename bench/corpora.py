"""`rag bench --pairs` and `--hits`: ours beside naive on three corpora, and the state budget's hit rate.

Each part runs in a fresh process (`bench.pairs`, `bench.hits`), so one part's memory and saved states
do not carry into the next.
"""
from __future__ import annotations

import tempfile
from dataclasses import asdict
from typing import Callable

from .sets import EVAL_SET, NEWS_SET, child, sample

SLACK_MB = 256  # over the openings' own size, where the prepared corpus's budget is raised


def _values(settings, **overrides) -> dict:  # noqa: ANN001
    return {**asdict(settings), "sources": list(settings.sources), **overrides}


def pairs(settings, embedder, n: int, say: Callable[[str], None]) -> dict:  # noqa: ANN001
    """Ours and naive alternately, in a fresh process each: the article (its saved openings, as after
    `rag prepare`); the news corpus after `rag index` prepared it (the preparation timed: paragraphs a
    second); the same corpus's very first pass (an empty saved-state folder)."""
    from eval.running.corpora import settings_for
    from eval.scoring.score import load
    from rag.answer.openings import OPENING_STATE_MB
    from rag.indexing.indexer import open_index
    from rag.texts import LANGUAGES

    from .scale import build_seconds

    out = {}
    article = sample(load(EVAL_SET), n + 1)
    spec = {"settings": _values(settings), "set": str(EVAL_SET), "ids": [i.id for i in article],
            "prepare": True}  # as after `rag prepare`, whatever was evicted since
    say(f"pairs: ours and naive alternately, {n} article questions")
    out["article"] = child("bench.pairs", spec)
    news_items = sample([i for i in load(NEWS_SET) if i.answerable], n + 1)  # all over the whole corpus
    news = settings_for(settings, news_items[0].corpus)
    seconds, paragraphs = build_seconds(news, embedder, [news.path(f) for f in news.sources])  # what naive needs too
    stored = open_index(news, embedder, progress=False)  # built before any timing
    shown = sum(not p.is_heading for p in stored.paragraphs)
    budget = max(settings.state_cache_mb, 2 * len(LANGUAGES) * shown * OPENING_STATE_MB + SLACK_MB)
    ids = [i.id for i in news_items]
    with tempfile.TemporaryDirectory() as states:
        say(f"pairs: {n} news questions after its {shown} paragraphs were prepared (state budget {budget} MB)")
        values = _values(news, cache_dir=states, models_dir=str(settings.folder("models")), state_cache_mb=budget)
        out["news-prepared"] = child("bench.pairs", {"settings": values, "set": str(NEWS_SET), "ids": ids,
                                                     "prepare": True})
        out["news-prepared"]["state_cache_mb"] = budget
        out["news-prepared"]["index"] = {"paragraphs": paragraphs, "seconds": seconds,
                                         "paragraphs_per_s": round(paragraphs / seconds, 2) if seconds else None}
    with tempfile.TemporaryDirectory() as states:
        say(f"pairs: ours and naive alternately, {n} news questions, nothing saved for that corpus")
        values = _values(news, cache_dir=states, models_dir=str(settings.folder("models")))
        out["news"] = child("bench.pairs", {"settings": values, "set": str(NEWS_SET), "ids": ids})
    return out


def hits(settings, n: int, say: Callable[[str], None]) -> dict:  # noqa: ANN001
    """The state budget's hit rate after `n` questions alternately over the article (prepared) and a
    news corpus never seen, from an empty saved-state folder under the budget `settings` give."""
    with tempfile.TemporaryDirectory() as states:
        say(f"hit rate: {n} questions over the article and the news corpus, {settings.state_cache_mb} MB of states")
        values = _values(settings, cache_dir=states, models_dir=str(settings.folder("models")))
        return child("bench.hits", {"settings": values, "article": str(EVAL_SET), "news": str(NEWS_SET),
                                    "questions": n})
