"""Eleventh round, dev: cite one paragraph, not two, when two state the answer equally (a look at a rule).

Of the answers shown at balanced, the citations not holding the gold evidence are mostly a second
paragraph cited beside the right one ("Abbas [35, 323]": both paragraphs name Abbas). The rule tried:
where several cited paragraphs state the answer's new words equally, keep those whose sentence stating it
(with its neighbours) holds the most of the question's distinctive words; no change where none holds any
(an English question over Indonesian passages). Kept by the thirteenth decision, it is now the last step of
`cite.cited`; this script compares `cite.stating` (the citations without it) with `cite.cited`.

    python docs/eval/verify/eleventh/citetie.py RUN.json SET.jsonl[,SET2.jsonl] [LABELS.jsonl]

Of the answers to answerable questions shown at balanced (the shipped model's threshold and gate).

Retrieval is run again (deterministic); the stored draft is cited again without the rule (the baseline: how
many match the stored citations is printed) and with it.
"""
import json, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))
from rag import Settings
from rag.answer import cite
from rag.answer.decide import Decider
from eval.decision.modes import gated
from eval.running.resignal import bots_for, retrieved
from eval.scoring.adjudicated import load as load_labels
from eval.scoring.score import load

BALANCED = Decider.load(ROOT / "rag" / "answer" / "answerability.json").at("balanced")
THRESHOLD, GATE = BALANCED.threshold, BALANCED.gate


def main() -> None:
    run = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    items = [i for s in sys.argv[2].split(",") for i in load(Path(s))]
    labels = load_labels([Path(sys.argv[3])]) if len(sys.argv) > 3 else {}
    by_id = {i.id: i for i in items}
    _, bots = bots_for(items, Settings.load().with_overrides(library=False, min_dense_score=0.0))
    tally = {"same": 0, "n": 0, "base": [0, 0], "rule": [0, 0], "recall": [0, 0, 0], "changed": 0}
    for o in run["hybrid"]["outcomes"]:
        item = by_id.get(o["id"])
        if (item is None or not o["answerable"] or o.get("confidence") is None or o["confidence"] < THRESHOLD
                or (GATE and gated(o.get("signals"), GATE)) or o.get("gold_paragraphs") is None):
            continue
        question, language, _, hits = retrieved(bots[item.corpus], item)
        said = o["draft"] or o["text"]
        base = [h.paragraph.number for h in cite.stating(said, cite.new_information(said, question), hits, language)]
        rule = [h.paragraph.number for h in cite.cited(said, question, hits, language)]
        gold = set(o["gold_paragraphs"])
        right = labels.get(o["id"]) == "right" if o["id"] in labels else bool(o.get("draft_lenient"))
        tally["n"] += 1
        tally["same"] += base == o["citations"]
        tally["changed"] += base != rule
        for key, c in (("base", base), ("rule", rule)):
            tally[key][0] += len(set(c) & gold)
            tally[key][1] += len(c)
        if right:
            tally["recall"][0] += 1
            tally["recall"][1] += bool(set(base) & gold)
            tally["recall"][2] += bool(set(rule) & gold)
        if base != rule:
            print(f"  {o['id']}: {base} -> {rule}, gold {sorted(gold)}, right {right} | {said[:60]}", file=sys.stderr)
    b, r, rc = tally["base"], tally["rule"], tally["recall"]
    print(f"| `{sys.argv[1].split('verify/')[-1]}` | {tally['n']} ({tally['same']} cited as stored) | {tally['changed']} | "
          f"{b[0]}/{b[1]} = {b[0] / max(1, b[1]):.1%} | {r[0]}/{r[1]} = {r[0] / max(1, r[1]):.1%} | "
          f"{rc[1]}/{rc[0]} / {rc[2]}/{rc[0]} |")


if __name__ == "__main__":
    main()
