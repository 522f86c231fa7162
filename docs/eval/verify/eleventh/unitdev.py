"""Eleventh round, dev: how precise the unit check (rag/answer/units.py) is on every stored run that has
decided something (all dev now). An answer the decision weighed is flagged when its question asks a unit
by name and its numbers are written in another; right: a reader's label where there is one, else the span
scorer's lenient verdict on the draft; an answer to an unanswerable question is wrong. See unit-dev.md.

    python docs/eval/verify/eleventh/unitdev.py
"""
import json, sys
from collections import Counter
from pathlib import Path
ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))
from eval.scoring.adjudicated import load
from rag.answer import units
V = ROOT / "docs" / "eval" / "verify"
RUNS = [("third/dev-collect.json", None), ("fourth/heldout2.json", None),
        ("seventh/heldout3-E.json", "sixth/heldout3-labels.jsonl"), ("eighth/dev2.json", None),
        ("ninth/dev2-en.json", None), ("eighth/heldout4-E2.json", "eighth/heldout4-labels.jsonl"),
        ("ninth/heldout5-E2.json", None), ("tenth/heldout6-E2.json", "tenth/heldout6-labels.jsonl")]
total = Counter()
print("| run | weighed | asking a unit by name | flagged | right among them | shown by the run |")
print("|---|---|---|---|---|---|")
for name, lab in RUNS:
    labels = load([V / lab]) if lab else {}
    outcomes = json.loads((V / name).read_text(encoding="utf-8"))["hybrid"]["outcomes"]
    c = Counter()
    for o in outcomes:
        if o.get("confidence") is None:
            continue
        c["weighed"] += 1
        said = o.get("draft") or o.get("text") or ""
        c["asking"] += units.asked_measure(o["question"], o["lang"]) is not None
        if not units.other_unit(o["question"], said, o["lang"]):
            continue
        right = o["answerable"] and (labels[o["id"]] == "right" if o["id"] in labels else bool(o.get("draft_lenient")))
        c["flagged"] += 1
        c["right"] += right
        c["shown"] += bool(o["answered"])
        print(f"<!-- {o['id']} right={right} shown={o['answered']} | {o['question'][:70]} | {said[:60]} -->", file=sys.stderr)
    total += c
    print(f"| `{name.removesuffix('.json')}` | {c['weighed']} | {c['asking']} | {c['flagged']} | {c['right']} | {c['shown']} |")
print(f"| all | {total['weighed']} | {total['asking']} | {total['flagged']} | {total['right']} | {total['shown']} |")
