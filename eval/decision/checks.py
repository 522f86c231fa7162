"""How precise the refusing claim checks (rag/answer/claims.py) are on stored runs: of the answers each
would refuse, how many were right, and how many of those the run showed.

    python -m eval.decision.checks RUN.json --set SET.jsonl [--set ...] [--labels L.jsonl ...] [--json OUT]
        [--refused-run RUN_B.json [--check units ...]]   (the run as if the checks (all, or those named)
        refused: `eval.decision.compare RUN --runs-b RUN_B`)

A check that refuses must be right where it refuses: at least 95% of the answers it refuses wrong (issue
30). Every answer the decision weighed (`confidence` stored: it passed the other reply checks, so the
claim checks would see it) is checked again with today's code; retrieval is run again (it is
deterministic, as in `eval.running.resignal`), nothing is generated. Right: a reader's label where
`--labels` judges the answer, else the span scorer's lenient verdict on the draft; an answer to an
unanswerable question is wrong.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from tqdm import tqdm

from rag import Settings
from rag.answer import claims

from ..running.resignal import bots_for, retrieved
from ..scoring import adjudicated
from ..scoring.score import load

CHECKS = {"quantities": (True, False, False), "names": (False, True, False), "units": (False, False, True)}


def flags(run: dict, items: list, settings: Settings, labels: dict[str, str]) -> list[dict]:
    """One row per weighed answer of `run`'s first pipeline: id, language, kind, right, shown, and which
    checks refuse it."""
    by_id = {i.id: i for i in items}
    _, bots = bots_for(items, settings)
    part = next(p for p in run.values() if isinstance(p, dict) and "outcomes" in p)
    rows = []
    for o in tqdm(part["outcomes"], desc="claim checks", unit="q"):
        item = by_id.get(o["id"])
        if item is None or o.get("confidence") is None:
            continue
        question, language, _, hits = retrieved(bots[item.corpus], item)
        said = o["draft"] or o["text"]
        label = labels.get(o["id"]) if o["answerable"] else None
        right = o["answerable"] and (label == "right" if label else bool(o.get("draft_lenient", o["lenient"])))
        rows.append({"id": o["id"], "lang": o["lang"], "kind": o.get("kind") or ("answerable" if o["answerable"] else ""),
                     "right": right, "shown": bool(o["answered"]), "answer": said,
                     **{name: claims.unstated(question, said, hits, language, *on) for name, on in CHECKS.items()}})
    return rows


def refused_run(run: dict, rows: list[dict], checks: tuple[str, ...] = tuple(CHECKS)) -> dict:
    """`run` with every answer one of `checks` refuses refused before the decision (as `rag.answer.flow`
    does: no confidence, not shown), for a paired comparison with the run as it was."""
    out = {r["id"] for r in rows if any(r[c] for c in checks)}
    return {k: {**p, "outcomes": [{**o, "confidence": None, "answered": False, "correct": False, "lenient": not o["answerable"]}
                                  if o["id"] in out else o for o in p["outcomes"]]}
            if isinstance(p, dict) and "outcomes" in p else p for k, p in run.items()}


def table(rows: list[dict]) -> str:
    """Per check and language: answers refused, of them right (lost), wrong shown (newly refused)."""
    out = ["| check | language | refused | right among them | precision | wrong the run showed | right the run showed |",
           "|---|---|---|---|---|---|---|"]
    for name in CHECKS:
        for lang in ("id", "en", "all"):
            hit = [r for r in rows if r[name] and lang in (r["lang"], "all")]
            right = sum(r["right"] for r in hit)
            c = Counter((r["right"], r["shown"]) for r in hit)
            precision = f"{(len(hit) - right) / len(hit):.1%}" if hit else "-"
            out.append(f"| {name} | {lang} | {len(hit)} | {right} | {precision} | {c[(False, True)]} | {c[(True, True)]} |")
    return "\n".join(out)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run", type=Path, help="an eval JSON file (rag eval --json)")
    p.add_argument("--set", dest="sets", type=Path, action="append", required=True, help="the set(s) it ran")
    p.add_argument("--labels", type=Path, action="append", default=[], help="readers' labels (JSONL)")
    p.add_argument("--json", type=Path, help="write the rows here")
    p.add_argument("--refused-run", type=Path, help="write the run as if the checks refused here")
    p.add_argument("--check", dest="checks", action="append", choices=list(CHECKS), help="only these refuse there")
    args = p.parse_args()
    run = json.loads(args.run.read_text(encoding="utf-8"))
    items = [i for s in args.sets for i in load(s)]
    settings = Settings.load().with_overrides(library=False, min_dense_score=0.0)
    rows = flags(run, items, settings, adjudicated.load(args.labels))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.refused_run:
        args.refused_run.write_text(json.dumps(refused_run(run, rows, tuple(args.checks or CHECKS)), ensure_ascii=False), encoding="utf-8")
    print(f"{args.run}: {len(rows)} answers weighed")
    print(table(rows))


if __name__ == "__main__":
    main()
