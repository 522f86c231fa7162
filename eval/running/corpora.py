"""Eval items over their own corpora: one bot per corpus, its index built in the cache.

An item names the files it is asked over (`corpus`, see `score.Item`); items without one are
about the bot's own corpus. Each other corpus gets a Bot that shares the models and whose index
lives in `<cache_dir>/eval-index/<digest>/` (never in `index/`), built on first use and rebuilt
when a file changes.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from rag import Bot, Settings
from rag.indexing.indexer import open_index

from ..scoring.score import Item


def group(items: list[Item]) -> dict[tuple[str, ...], list[Item]]:
    """Items by corpus, in order of first appearance. Ids must be unique (outcomes are matched by id)."""
    seen: set[str] = set()
    groups: dict[tuple[str, ...], list[Item]] = {}
    for item in items:
        if item.id in seen:
            raise ValueError(f"eval item id {item.id!r} appears twice")
        seen.add(item.id)
        groups.setdefault(item.corpus, []).append(item)
    return groups


def index_dir(s: Settings, corpus: tuple[str, ...]) -> Path:
    """Where the index of `corpus` lives in the cache (one folder per corpus and embedder)."""
    key = json.dumps([sorted(corpus), s.embedder_backend, s.embedder_model, s.heading_context])
    return s.path(s.cache_dir) / "eval-index" / hashlib.sha256(key.encode()).hexdigest()[:16]


def settings_for(s: Settings, corpus: tuple[str, ...]) -> Settings:
    """`s` with `corpus` as its sources and its index in the cache."""
    missing = [f for f in corpus if not Path(f).is_file()]
    if missing:
        raise FileNotFoundError(f"eval corpus file(s) missing: {', '.join(missing)}")
    return s.with_overrides(sources=tuple(corpus), index_dir=str(index_dir(s, corpus)), on_stale="rebuild",
                            library=False)


def bot_for(bot: Bot, corpus: tuple[str, ...], progress: bool = True) -> Bot:
    """`bot` itself for its own corpus (), else a Bot over `corpus` sharing its models."""
    if not corpus:
        return bot
    settings = settings_for(bot.settings, corpus)
    embedder = bot.retriever.embedder
    return Bot.from_stored(settings, open_index(settings, embedder, progress=progress), embedder, bot.generator)
