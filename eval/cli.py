"""`rag eval`: run an eval set through the bot and print the figures (registered as a rag command)."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .running.checkpoint import Checkpoint
from .running.corpora import bot_for, group
from .running.run import Outcome, Summary, as_dict, run, summarise
from .scoring.score import SPLITS, Item, load, per_group, split

from .reporting.tables import table
from .scoring.stats import spread

if TYPE_CHECKING:
    from rag import Bot

DEFAULT_SET = Path(__file__).resolve().parent / "sets" / "article" / "questions.jsonl"


def register(sub: argparse._SubParsersAction, settings_flags) -> None:  # noqa: ANN001
    p = sub.add_parser("eval", help="measure answer accuracy on an eval set",
                       description="Run the bot over an eval set (JSONL) and print accuracy, refusals, "
                                   "citations, retrieval recall, language match and latency.")
    p.add_argument("--set", dest="set_path", type=Path, default=DEFAULT_SET, help="eval set (default: eval/sets/article/questions.jsonl)")
    p.add_argument("--json", dest="json_path", type=Path, help="write all figures and every outcome here")
    p.add_argument("--hidden", type=Path, help="save the generator's last-layer state at its checks of each "
                   "answer in this folder (DIR/PIPELINE/ID.npy), for fitting a probe (eval/decision/probe.py)")
    p.add_argument("--hidden-layers", default="-1",
                   help="with --hidden-at answer or prompt: the layers saved, one after another (block numbers, -1 the "
                        "last layer), e.g. 7,14,21,-1")
    p.add_argument("--hidden-at", choices=["check", "answer", "prompt"], default="check",
                   help="with --hidden: where the state is read: at the checks (default); also at the end of "
                        "each answer (its first row then; the checks' after it); or also where each answer's "
                        "prompt ends, before the answer (rows: prompt, answer, then the checks')")
    p.add_argument("--resume", action="store_true",
                   help="with --json: keep the outcomes a run that died saved beside it and ask only the rest")
    p.add_argument("--report", type=Path, help="write a Markdown report with PNG plots into this folder")
    p.add_argument("--limit", type=int, help="only the first N questions")
    p.add_argument("--per-group", type=int, help="only the first N questions of each language, answerable and not")
    p.add_argument("--lang", choices=["id", "en"], help="only the questions in this language")
    p.add_argument("--split", choices=SPLITS, default="all",
                   help="dev or test half of the set (by question pair; default: all)")
    p.add_argument("--pipeline", choices=["ours", "naive", "both"], default="ours",
                   help="ours, the naive baseline (e5 dense top 3 + a plain prompt, same generator), or both")
    p.add_argument("--ablation", action="store_true", help="also run dense-only and BM25-only retrieval, side by side")
    p.add_argument("--oracle", action="store_true",
                   help="also run ours with each question's evidence paragraph as the first hit: the generator's "
                        "ceiling under perfect retrieval")
    p.add_argument("--modes", action="store_true",
                   help="run once with every answer shown (answer_threshold 0) and report each answer mode "
                        "(careful, balanced, eager) from that run, as the bot decides them")
    p.add_argument("--embedder", dest="embedder_model_flag", help="alias of --embedder-model")
    p.add_argument("--generator", dest="generator_profile_flag", choices=["quality", "fast"], help="alias of --profile")
    settings_flags(p)
    p.set_defaults(run=main)


def main(args: argparse.Namespace) -> int:
    from rag import Bot
    from rag.cli.common import settings_from
    from tqdm import tqdm

    if args.embedder_model_flag:
        args.embedder_model = args.embedder_model_flag
    if args.generator_profile_flag:
        args.generator_profile = args.generator_profile_flag
    items = per_group(split(load(args.set_path), args.split), args.per_group)
    items = [i for i in items if args.lang in (None, i.lang)][: args.limit]
    settings = settings_from(args).with_overrides(library=False)  # the eval's corpora only, never kept documents
    if args.modes:
        settings = settings.with_overrides(answer_threshold=0.0)
    bot = Bot.load(settings)
    groups = group(items)
    bots = {corpus: bot_for(bot, corpus) for corpus in groups}  # indexes built before any timing
    pipelines: dict[str, Callable[[Bot, list[Item]], object]] = {}
    if args.pipeline in ("ours", "both"):
        for mode in ["hybrid", "dense", "bm25"] if args.ablation else [settings.retriever]:
            pipelines[mode] = lambda b, _items, m=mode: b.with_settings(retriever=m)
    if args.pipeline in ("naive", "both"):
        from .running.naive import NaivePipeline

        pipelines["naive"] = lambda b, _items: NaivePipeline(b)
    if args.oracle:
        from .running.oracle import OraclePipeline

        pipelines["oracle"] = OraclePipeline
    results: dict[str, tuple[Summary, list[Outcome]]] = {}
    saved, asked = Checkpoint(args.json_path, args.resume), {i.id for i in items}
    if args.hidden and args.hidden_at in ("answer", "prompt") and hasattr(bot.generator, "answer_states"):
        bot.generator.answer_states = True
        bot.generator.prompt_states = args.hidden_at == "prompt"
        bot.generator.answer_layers = tuple(int(n) for n in args.hidden_layers.split(","))
    for name, make in pipelines.items():
        bot.generator.reset()  # each run starts with no cached prompts: comparable latencies
        by_id: dict[str, Outcome] = {i: o for i, o in saved.done(name).items() if i in asked}
        bar = tqdm(total=len(items), initial=len(by_id), desc=f"eval ({name})", unit="q", file=sys.stderr)

        def keep(o: Outcome, name: str = name) -> None:
            saved.add(name, o)
            bar.update(1)
        for corpus, members in groups.items():
            todo = [m for m in members if m.id not in by_id]
            for o in run(make(bots[corpus], todo), todo, mode="dense" if name == "naive" else None, on_item=keep,
                         hidden=args.hidden / name if args.hidden else None):
                by_id[o.id] = o
        bar.close()
        outcomes = [by_id[i.id] for i in items]
        results[name] = (summarise(outcomes), outcomes)
    if args.modes and settings.retriever in results:
        from rag.answer.decide import Decider

        from .decision.modes import by_mode

        decider = Decider.load(settings.path(settings.answerability_model) if settings.answerability_model else None)
        shown = results.pop(settings.retriever)[1]
        results = {**{m: (summarise(o), o) for m, o in by_mode(shown, decider).items()}, **results}
        results["all shown"] = (summarise(shown), shown)
    print(f"\n{args.set_path} ({args.split}) — {len(items)} questions, generator {bot.generator.name}\n")
    print(table({m: s for m, (s, _) in results.items()}))
    print("\n" + "\n".join(spread({m: o for m, (_, o) in results.items()})))
    if args.json_path:
        data = {m: as_dict(s, o) for m, (s, o) in results.items()}
        data["settings"] = asdict(settings)
        args.json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        saved.finish()
    if args.report:
        from .reporting.report import write_report

        path = write_report(args.report, results, args.set_path, args.split)
        print(f"\nreport: {path}")
    return 0
