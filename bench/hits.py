"""The state budget over two corpora: `python -m bench.hits SPEC.json`.

A fresh saved-state folder under the default budget; the article's openings saved first (as `rag
prepare`), then questions alternately over the article and over a news corpus never seen, as a user
switching between two collections would ask them. A question is a hit when every prompt opening it
needed came from memory or from a saved state (none was evaluated). Prints one JSON object: the hit
rate overall, per corpus and over the last 100 questions, and what the folder then holds.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .sets import megabytes


def tally(rows: list[dict]) -> dict:
    """Hits over `rows` (each {"corpus", "hit"}): overall and per corpus.

    >>> tally([{"corpus": "a", "hit": True}, {"corpus": "b", "hit": False}])
    {'questions': 2, 'hit_rate': 0.5, 'per_corpus': {'a': 1.0, 'b': 0.0}}
    """
    rate = lambda rs: round(sum(r["hit"] for r in rs) / len(rs), 3) if rs else None  # noqa: E731
    corpora = sorted({r["corpus"] for r in rows})
    return {"questions": len(rows), "hit_rate": rate(rows),
            "per_corpus": {c: rate([r for r in rows if r["corpus"] == c]) for c in corpora}}


def run(settings, article: list, news: list, n: int) -> dict:  # noqa: ANN001
    from eval.running.corpora import bot_for
    from rag import Bot

    bot = Bot.load(settings, progress=False)
    prepared = bot.warm(progress=False)
    other = bot_for(bot, news[0].corpus, progress=False)
    counts = bot.generator.openings
    rows = []
    for k in range(n):
        corpus, pool, asker = ("article", article, bot) if k % 2 == 0 else ("news", news, other)
        before = counts["evaluated"]
        asker.ask(pool[(k // 2) % len(pool)].question)
        rows.append({"corpus": corpus, "hit": counts["evaluated"] == before})
    states = settings.path(settings.cache_dir) / "states"
    kept, answering = list((states / "prepared").glob("*.npz")), list(states.glob("*.npz"))
    return {**tally(rows), "last_100": tally(rows[-100:]), "prepared_openings": prepared,
            "prepared_left": len(kept), "prepared_mb": megabytes(kept),
            "answering_states": len(answering), "answering_mb": megabytes(answering),
            "state_cache_mb": settings.state_cache_mb}


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    from eval.scoring.score import load
    from rag.settings import Settings

    settings = Settings.load(**spec["settings"])
    article = load(Path(spec["article"]))
    news = [i for i in load(Path(spec["news"])) if i.answerable]
    print(json.dumps(run(settings, article, news, int(spec["questions"]))))


if __name__ == "__main__":
    main()
