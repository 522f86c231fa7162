"""Tenth round, a look for the next lever (not a decision): answers that give another unit of the same kind
than the one the question asks ("berapa kaki" -> "315 meter"), over every stored run. See unit-asked.md.

    python docs/eval/verify/tenth/unitask.py
"""
import json, re, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))
from eval.scoring.adjudicated import load
V = str(ROOT / "docs" / "eval" / "verify") + "/"
# specific units a question may ask, by kind; the answer must write that unit (or a spelling of it)
SPEC = {
 "feet": ("kaki", "feet", "foot", "ft"), "mile": ("mil", "mile", "miles"), "inch": ("inci", "inch", "inches"),
 "acre": ("acre", "acres", "ekar"), "yard": ("yard", "yards"), "pound": ("pon", "pound", "pounds", "lbs"),
 "ounce": ("ons", "ounce", "ounces"), "gallon": ("galon", "gallon", "gallons"), "knot": ("knot", "knots", "knot"),
 "fahrenheit": ("fahrenheit",), "usd": ("dolar", "dollar", "dollars", "us$", "$", "usd"),
 "idr": ("rupiah", "rp"), "euro": ("euro", "euros"), "yen": ("yen",), "ringgit": ("ringgit",),
 "tonne": ("ton", "tons", "tonnes"), "kg": ("kilogram", "kg", "kilograms"), "km": ("kilometer", "km", "kilometres", "kilometers"),
 "meter": ("meter", "metres", "meters", "m"), "hectare": ("hektar", "hektare", "hectare", "hectares", "ha"),
 "liter": ("liter", "litre", "liters", "litres"), "barrel": ("barel", "barrel", "barrels"),
}
ASK = re.compile(r"\b(berapa|how many|how much|how far|how tall|how high|how long|how large|how heavy)\b(.{0,40})", re.I)
def asked(q):
    m = ASK.search(q)
    if not m: return None
    tail = re.findall(r"[a-z$]+", m.group(2).lower())[:3]
    for k, sp in SPEC.items():
        if any(t in sp for t in tail): return k
    return None
GROUP = {"length": ("feet", "mile", "inch", "yard", "km", "meter"), "area": ("acre", "hectare"),
         "mass": ("pound", "ounce", "tonne", "kg"), "volume": ("gallon", "liter", "barrel"),
         "money": ("usd", "idr", "euro", "yen", "ringgit"), "speed": ("knot",), "temp": ("fahrenheit",)}
def other_unit(a, k):
    g = next(v for v in GROUP.values() if k in v)
    return any(gives(a, o) for o in g if o != k)
def gives(a, k):
    toks = re.findall(r"us\$|\$|[a-z]+|\d", a.lower())
    return any(t in SPEC[k] for t in toks)
runs = [("third/dev-collect.json", None), ("fourth/heldout2.json", None), ("seventh/heldout3-E.json", "sixth/heldout3-labels.jsonl"),
        ("eighth/dev2.json", None), ("ninth/dev2-en.json", None), ("eighth/heldout4-E2.json", "eighth/heldout4-labels.jsonl"),
        ("ninth/heldout5-E2.json", None), ("tenth/heldout6-E2.json", "tenth/heldout6-labels.jsonl")]
for name, lab in runs:
    labels = load([Path(V + lab)]) if lab else {}
    o = json.load(open(V + name))["hybrid"]["outcomes"]
    flagged = []
    for x in o:
        if x.get("confidence") is None: continue
        k = asked(x["question"])
        a = x.get("draft") or x.get("text") or ""
        if k and re.search(r"\d", a) and not gives(a, k) and other_unit(a, k):
            right = x["answerable"] and ((labels.get(x["id"]) == "right") if x["id"] in labels else bool(x.get("draft_lenient")))
            flagged.append((x["id"], k, right, x["confidence"] >= 0.208, x["question"][:60], a[:50]))
    print(f"{name}: flagged {len(flagged)}, right {sum(f[2] for f in flagged)}, shown at balanced {sum(f[3] for f in flagged)}")
    for f in flagged:
        if f[2]: print("   RIGHT:", f)
