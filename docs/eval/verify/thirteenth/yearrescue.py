"""Thirteenth round, dev look: the answers the invented-number check refuses only because of a year no
passage gives ("August 23, 2021" for "Selasa (23/8)"), over six stored runs that have all decided something.
Prints, per run, the answers with an invented number, those whose invented numbers are all years, and how
many of these answer answerable questions (and are right by the lenient scorer, year and all) or not.

    python docs/eval/verify/thirteenth/yearrescue.py 2> rows.txt
"""
import json, re, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parents[4]))
from rag import Settings
from rag.answer import prompt, support
from eval.running.resignal import bots_for, retrieved
from eval.scoring.score import load
V = Path(__file__).resolve().parents[1]
RUNS = [("ninth/dev2-en.json", "ninth/dev2-en-set.jsonl"), ("eighth/dev2.json", "../../../eval/sets/facqa/news-dev2.jsonl"),
        ("eighth/heldout4-E2.json", "eighth/heldout4-set.jsonl"), ("ninth/heldout5-E2.json", "ninth/heldout5-set.jsonl"),
        ("tenth/heldout6-E2.json", "tenth/heldout6-set.jsonl"), ("seventh/heldout3-E.json", "sixth/heldout3-set.jsonl")]
YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
from collections import Counter
tot = Counter()
for run, setf in RUNS:
    items = load(V / setf); by = {i.id: i for i in items}
    _, bots = bots_for(items, Settings.load().with_overrides(library=False, min_dense_score=0.0))
    c = Counter()
    for o in json.loads((V / run).read_text())['hybrid']['outcomes']:
        if o.get('confidence') is not None or o['id'] not in by: continue
        raw = o.get('draft') or ''
        if prompt.is_refusal(raw, o['lang']): continue
        item = by[o['id']]
        q, lang, found, hits = retrieved(bots[item.corpus], item)
        if not hits: continue
        text = prompt.clean(raw, {h.paragraph.number for h in hits})
        if prompt.is_bare(text) or support.restates(text, q): continue
        inv = support.invented_numbers(text, q, hits)
        if not inv: continue
        c['invented'] += 1
        years = all(YEAR.match(n) for n in inv)
        if not years: continue
        c['only years'] += 1
        c['ans' if o['answerable'] else 'unans'] += 1
        if o['answerable']:
            ok = bool(o.get('draft_lenient'))
            c['ans right (lenient, with year)'] += ok
        print(f"  {o['id']} ans={o['answerable']} lenient={o.get('draft_lenient')} inv={sorted(inv)} | {q[:60]} | {raw[:90]}", file=sys.stderr)
    tot += c
    print(run, dict(c))
print('all', dict(tot))
