"""Fourteenth round, dev screen: reads yearline.py's two runs, A (shipped prompt) and Y (one more rule against
invented years): per group, answers weighed, shown and right at balanced (lenient scorer), drafts holding a year.

    python docs/eval/verify/fourteenth/yearline_read.py A.json Y.json 2> changes.txt
"""
import json, re, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[4]))
from rag.answer.decide import Decider
from eval.decision.modes import gated
D = Decider.load(Path(__file__).resolve().parents[4] / "rag" / "answer" / "answerability.json").at("balanced")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
def rows(path):
    d = json.load(open(path))["all shown"]["outcomes"]
    return {o["id"]: o for o in d}
A, Y = rows(sys.argv[1]), rows(sys.argv[2])
def shown(o): return o.get("confidence") is not None and o["confidence"] >= D.threshold and not (D.gate and gated(o.get("signals"), D.gate))
tally = {}
for k in A:
    a, y = A[k], Y[k]
    grp = ("ans" if a["answerable"] else "time-adv") + "-" + a["lang"]
    t = tally.setdefault(grp, dict(n=0, weighedA=0, weighedY=0, rightA=0, rightY=0, shownA=0, shownY=0, draftRightA=0, draftRightY=0, yearsA=0, yearsY=0))
    t["n"] += 1
    for v, o in (("A", a), ("Y", y)):
        t["weighed" + v] += o.get("confidence") is not None
        t["shown" + v] += shown(o)
        t["right" + v] += shown(o) and bool(o["answerable"] and o["draft_lenient"])
        t["draftRight" + v] += bool(o["answerable"] and o["draft_lenient"])
        t["years" + v] += bool(YEAR.search(o.get("draft") or ""))
    if (a.get("draft") or "") != (y.get("draft") or ""):
        print(f"  {k}: A={shown(a)}/{bool(a['draft_lenient'])} {(a.get('draft') or '')[:70]!r}\n       Y={shown(y)}/{bool(y['draft_lenient'])} {(y.get('draft') or '')[:70]!r}", file=sys.stderr)
for g, t in sorted(tally.items()): print(g, t)
