"""Eleventh round, a dev screen (not a decision): would a refusing check that the year a question names
is stated by the passages be precise? Flag an answer when its question names a year ("pada 2010", "in
2004") and (a) no hit shown to the generator holds that year, or (b) no paragraph the answer cites does.
Over stored runs (all dev now); right: a reader's label, else the span scorer's lenient verdict on the
draft; an answer to an unanswerable question is wrong. Retrieval is run again (deterministic).

    python docs/eval/verify/eleventh/yearscreen.py RUN.json SET.jsonl [LABELS.jsonl]
"""
import json, re, sys
from collections import Counter
from pathlib import Path
ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))
from rag import Settings
from eval.running.resignal import bots_for, retrieved
from eval.scoring.adjudicated import load as load_labels
from eval.scoring.score import load

YEAR = re.compile(r"(?<![\d.,])(1[89]\d\d|20\d\d)(?![\d.,])")


def main() -> None:
    run = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    items = [i for s in sys.argv[2].split(",") for i in load(Path(s))]
    labels = load_labels([Path(sys.argv[3])]) if len(sys.argv) > 3 else {}
    by_id = {i.id: i for i in items}
    _, bots = bots_for(items, Settings.load().with_overrides(library=False, min_dense_score=0.0))
    c = Counter()
    for o in run["hybrid"]["outcomes"]:
        item = by_id.get(o["id"])
        if item is None or o.get("confidence") is None:
            continue
        years = set(YEAR.findall(o["question"]))
        if not years:
            continue
        question, language, _, hits = retrieved(bots[item.corpus], item)
        right = o["answerable"] and (labels[o["id"]] == "right" if o["id"] in labels else bool(o.get("draft_lenient")))
        kind = o.get("kind") or ("answerable" if o["answerable"] else "unanswerable")
        c["asking", right] += 1
        shown = [h.paragraph.text for h in hits]
        cited = [h.paragraph.text for h in hits if h.paragraph.number in set(o.get("citations") or o.get("draft_citations") or [])]
        for name, texts in (("hits", shown), ("cited", cited)):
            if not all(any(y in t for t in texts) for y in years):
                c[name, right] += 1
                c[name, kind] += 1
                if right:
                    print(f"  RIGHT flagged by {name}: {o['id']} {o['question'][:70]} | {(o.get('draft') or '')[:50]}", file=sys.stderr)
    print(f"| `{sys.argv[1].split('verify/')[-1]}` | {c['asking', True] + c['asking', False]} ({c['asking', True]} right) | "
          f"{c['hits', True] + c['hits', False]} ({c['hits', True]} right) | {c['cited', True] + c['cited', False]} ({c['cited', True]} right) | "
          + ", ".join(f"{k[1]} {v}" for k, v in sorted(c.items(), key=str) if k[0] == "hits" and isinstance(k[1], str)) + " |")


if __name__ == "__main__":
    main()
