"""Measure the decision signals of stored eval outcomes again with today's code, without generating.

    python -m eval.running.resignal RUN.json --set SET.jsonl [--set ...] [--out NEW.json]

What the generator did is kept from the run: each outcome's draft answer and what decoding saw (the
refusal sentinel's probability, the answer's token log-probabilities). Retrieval is run again (it is
deterministic) and every other signal is measured again by `rag.answer.decide.measure`, so that a new
signal can be fitted on dev runs and tested on held-out runs in minutes instead of hours. Confidences
are left as stored: a new model's are computed by `eval.decision.fit` and `eval.decision.modes`.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

import numpy as np
from tqdm import tqdm

from rag import Bot, Settings
from rag.answer import decide, flow, prompt, support, verify
from rag.indexing.indexer import open_index
from rag.lang import resolve
from rag.search.retrieve import close_to_best
from rag.types import Hit, Retrieval

from ..scoring.score import Item, answer_correct, citation_correct, load
from .corpora import group, settings_for
from .run import language_matches

DECODING = ("refusal_prob", "mean_logprob", "min_logprob", "verified", "verified_sentence", "probe")  # what only the generator can tell


def retrieved(bot: Bot, item: Item) -> tuple[str, str, Retrieval, list[Hit]]:
    """Retrieval for `item` run again as the bot ran it: the question as checked, its language, what was
    found, and the hits close enough to the best to be shown to the generator."""
    question = bot.check(item.question)
    language = resolve(None, question)
    found = bot.retriever.search(question, language)
    return question, language, found, close_to_best(found.hits, bot.settings.passage_gap)


def again(bot: Bot, item: Item, outcome: dict, check: str | None = None, generator=None,  # noqa: ANN001
          hidden: Path | None = None) -> dict:
    """The outcome with its signals measured again over `bot`'s corpus, and its draft scored as if it
    were shown (`draft_correct`, `draft_citation_correct`, `draft_language_match`), so that a lower
    threshold than the run's can show it (`eval.decision.modes`). Outcomes with no signals are kept."""
    if not outcome.get("signals"):
        return outcome
    question, language, found, hits = retrieved(bot, item)
    said = outcome["draft"] or outcome["text"]
    claim = f"{question} {support.MARKER.sub(' ', said)}"
    fresh = decide.measure(question, said, language, found, hits, None, bot.windows.scored(question, hits),
                           bot.windows.scored(claim, hits))
    kept = {k: outcome["signals"][k] for k in DECODING if k in outcome["signals"]}  # older runs lack the checks
    if check and outcome.get("confidence") is not None:  # the stand-alone check asked again, in `check`'s language
        sentence = flow.evidence_sentence(said, hits, bot.windows.scored(question, hits))
        p = verify.against_sentence(generator, question, said, sentence, language if check == "own" else check)
        kept["verified_sentence"] = float("nan") if p is None else p
        state = getattr(generator, "hidden", None)
        if hidden is not None and state is not None:  # the state at this check, for a probe (eval/decision/probe.py)
            hidden.mkdir(parents=True, exist_ok=True)
            np.save(hidden / f"{item.id}.npy", state[None].astype(np.float16))
    cited = support.used(said, prompt.cited_numbers(said), hits)
    return {**outcome, "signals": dataclasses.asdict(dataclasses.replace(fresh, **kept)),
            "draft_correct": answer_correct(item, said, True) if item.answerable else False,
            "draft_citation_correct": citation_correct(item, [h.paragraph.text for h in cited]) if item.answerable else None,
            "draft_language_match": language_matches(said, item.lang, item.question),
            "draft_citations": [h.paragraph.number for h in cited]}


def resignal(run: dict, items: list[Item], settings: Settings, check: str | None = None,
             hidden: Path | None = None) -> dict:
    """`run` (as `rag eval --json` writes it) with every pipeline's signals measured again."""
    by_id = {i.id: i for i in items}
    base, bots = bots_for(items, settings)
    out = {**run}
    for name, part in run.items():
        if not isinstance(part, dict) or "outcomes" not in part:
            continue
        fresh = []
        for o in tqdm(part["outcomes"], desc=f"signals ({name})", unit="q"):
            item = by_id.get(o["id"])
            fresh.append(again(bots[item.corpus], item, o, check, base.generator if check else None,
                               hidden / name if hidden else None) if item else o)
        out[name] = {**part, "outcomes": fresh}
    return out


def bots_for(items: list[Item], settings: Settings) -> tuple[Bot, dict[tuple[str, ...], Bot]]:
    """A Bot over `settings`' own corpus, and one per corpus the `items` name, all sharing one embedder."""
    base = Bot.load(settings, progress=False)
    return base, {corpus: base if not corpus else _bot(base, corpus) for corpus in group(items)}


def _bot(base: Bot, corpus: tuple[str, ...]) -> Bot:
    """A Bot over `corpus` sharing `base`'s embedder; it never loads a generator."""
    s = settings_for(base.settings, corpus)
    return Bot.from_stored(s, open_index(s, base.retriever.embedder, progress=False), base.retriever.embedder)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run", type=Path, help="an eval JSON file (rag eval --json)")
    p.add_argument("--set", dest="sets", type=Path, action="append", required=True, help="the set(s) it ran")
    p.add_argument("--out", type=Path, help="where to write it (default: over RUN)")
    p.add_argument("--check-language", choices=("own", "id", "en"),
                   help="ask the generator's stand-alone check again (verified_sentence), in the question's own "
                        "language or in this one (loads the generator)")
    p.add_argument("--hidden", type=Path, help="with --check-language: save the generator's state at each check "
                   "in this folder (DIR/PIPELINE/ID.npy), for eval/decision/probe.py")
    args = p.parse_args()
    run = json.loads(args.run.read_text(encoding="utf-8"))
    items = [i for s in args.sets for i in load(s)]
    settings = Settings.load().with_overrides(library=False, min_dense_score=0.0)
    (args.out or args.run).write_text(json.dumps(resignal(run, items, settings, args.check_language, args.hidden),
                                                 ensure_ascii=False, indent=1),
                                      encoding="utf-8")


if __name__ == "__main__":
    main()
