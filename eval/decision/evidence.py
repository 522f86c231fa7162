"""Citation precision read two ways, for the answers a model shows on a stored run.

    python -m eval.decision.evidence RUN.json --set SET.jsonl [--key hybrid] [--model M.json] [--mode balanced]

A cited paragraph holds the evidence, strictly, when it is the gold passage (`gold_paragraphs`: FacQA's own,
so another news paragraph stating the same fact counts against it); leniently, when its text holds a gold
answer span (so a paragraph naming the span without what was asked counts for it). The truth lies between.
The paragraphs' texts come from each corpus's eval index in the cache (`eval.running.corpora.index_dir`),
built by the run.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from rag import Settings
from rag.answer.decide import Decider
from rag.indexing import store

from ..running.corpora import index_dir
from ..scoring.score import load
from .compare import decide, outcomes


def plain(text: str) -> str:
    """>>> plain("Rp 800,8 triliun (2005).")
    ' rp 800 8 triliun 2005 '
    """
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def texts(corpus: tuple[str, ...], settings: Settings) -> dict[int, str]:
    """Paragraph number -> text of `corpus`'s eval index (IndexStateError when it was never built)."""
    return {p.number: plain(p.text) for p in store.read(index_dir(settings, corpus)).paragraphs}


def precision(rows: list[dict], shown: list[bool], corpus_of: dict[str, tuple], answers_of: dict[str, list],
              settings: Settings) -> dict[str, float | int]:
    """Cited paragraphs of the answerable answers shown: how many, the gold passage, or a gold span in them."""
    cache: dict[tuple, dict[int, str]] = {}
    cited = strict = lenient = 0
    for o, on in zip(rows, shown):
        if not (on and o["answerable"] and o.get("gold_paragraphs") is not None):
            continue
        corpus = corpus_of[o["id"]]
        paragraphs = cache.setdefault(corpus, texts(corpus, settings) if corpus else {})
        spans = [plain(s) for group in answers_of[o["id"]] for s in group]
        for n in o["citations"]:
            cited += 1
            strict += n in o["gold_paragraphs"]
            lenient += n in o["gold_paragraphs"] or any(s.strip() and s in paragraphs.get(n, "") for s in spans)
    return {"cited": cited, "gold_passage": strict, "states_a_gold_span": lenient,
            "strict": round(strict / max(1, cited), 3), "lenient": round(lenient / max(1, cited), 3)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run", type=Path)
    p.add_argument("--set", type=Path, required=True, help="the eval set the run asked (its corpora and answers)")
    p.add_argument("--key", default="hybrid")
    p.add_argument("--model", type=Path, help="the decision model (default: the shipped one)")
    p.add_argument("--mode", default="balanced")
    a = p.parse_args()
    items = {i.id: i for i in load(a.set)}
    rows = outcomes([a.run], a.key, "span")
    shown = [on for on, _ in decide(Decider.load(a.model).at(a.mode), rows)]
    for lang in ("id", "en"):
        idx = [k for k, o in enumerate(rows) if o["lang"] == lang]
        got = precision([rows[k] for k in idx], [shown[k] for k in idx], {i: items[i].corpus for i in items},
                        {i: items[i].answers for i in items}, Settings())
        print(lang, got)


if __name__ == "__main__":
    main()
