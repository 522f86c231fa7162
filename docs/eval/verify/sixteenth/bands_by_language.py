"""A dev study (deciding nothing): would the confidence words' bands, read per language, keep their promise on
a set they were not read on? Leave one set out: the bands are read on the other spent held-out sets (the
shipped model's runs, readers' labels where every shown answer was judged, else the span scorer) and the
words of the left-out set's answers shown at balanced are scored, per language, for the shipped bands, the
bands read again on all the other sets (both languages), and bands read on the other sets' answers in the
answer's language only.

    python docs/eval/verify/sixteenth/bands_by_language.py [--shares 0.95,0.84] [--least 20]
"""
import argparse, dataclasses, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT))
import numpy as np
from rag.answer.decide import Decider
from eval.decision.bands import read, weighed
from eval.decision.compare import decide, outcomes
from eval.decision.modes import signals_of
from eval.scoring.adjudicated import load as load_labels

HERE = ROOT / "docs" / "eval" / "verify"
SETS = {  # spent held-out sets run with the shipped model, holding both kinds of unanswerable question
    "ho4": ("eighth/heldout4-E2.json", "eighth/heldout4-labels.jsonl"),
    "ho5": ("ninth/heldout5-E2.json", None),  # 23 answers judged: the span scorer
    "ho6": ("tenth/heldout6-E2.json", "tenth/heldout6-labels.jsonl"),
    "ho8": ("thirteenth/heldout8-E2.json", "thirteenth/heldout8-labels.jsonl"),
    "ho9": ("fourteenth/heldout9-E2.json", "fourteenth/heldout9-labels.jsonl"),
}
MODEL = Decider.load(ROOT / "rag" / "answer" / "answerability.json")
BALANCED = MODEL.at("balanced")


def rows_of(name: str) -> list[dict]:
    run, labels = SETS[name]
    return outcomes([HERE / run], "hybrid", "span", load_labels([HERE / labels]) if labels else None)


def words(rows: list[dict], bands: dict[str, dict[str, float]]) -> dict[tuple[str, str], list[bool]]:
    """Per (language, word), whether each answer shown at balanced with it is right; `bands` per language."""
    out: dict[tuple[str, str], list[bool]] = {}
    by_lang = {lang: dataclasses.replace(MODEL, bands=tuple((k, b[k]) for k in ("supported", "probable", "uncertain")))
               for lang, b in bands.items()}
    for (shown, p), o in zip(decide(BALANCED, rows), rows):
        if shown:
            word = by_lang[o["lang"]].band(p, signals_of(o["signals"]))
            out.setdefault((o["lang"], word), []).append(bool(o["answerable"] and o["draft_lenient"]))
    return out


def main() -> None:
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--shares", default="0.95,0.84")
    a.add_argument("--least", type=int, default=20)
    args = a.parse_args()
    shares = tuple(float(x) for x in args.shares.split(","))
    data = {n: rows_of(n) for n in SETS}
    shipped = dict(MODEL.bands)
    totals: dict[tuple[str, str, str], list[bool]] = {}
    print(f"shares {shares}, at least {args.least} answers a band\n")
    print("| left out | bands | read on the others: id / en | supported id | probable id | supported en | probable en |")
    print("|---|---|---|---|---|---|---|")
    for name in SETS:
        rest = [o for n in SETS if n != name for o in data[n]]
        p, r, kept = weighed(MODEL, rest)
        both = read(p, r, shares, args.least)
        lang = {l: read(p[m], r[m], shares, args.least) for l in ("id", "en")
                for m in [np.array([o["lang"] == l for o in kept])]}
        arms = {"shipped": {"id": shipped, "en": shipped}, "both read again": {"id": both, "en": both},
                "per language": lang}
        for arm, bands in arms.items():
            got = words(data[name], bands)
            for (l, w), flags in got.items():
                totals.setdefault((arm, l, w), []).extend(flags)
            cell = lambda l, w: (f"{100 * np.mean(got[(l, w)]):.0f}% of {len(got[(l, w)])}" if got.get((l, w)) else "-")  # noqa: E731
            said = f"{bands['id']['supported']}/{bands['id']['probable']} · {bands['en']['supported']}/{bands['en']['probable']}"
            print(f"| {name} | {arm} | {said} | {cell('id', 'supported')} | {cell('id', 'probable')} | "
                  f"{cell('en', 'supported')} | {cell('en', 'probable')} |")
    print("\nall left-out sets together (each answer scored once, by bands not read on its set):\n")
    print("| bands | supported id | probable id | uncertain id | supported en | probable en | uncertain en |")
    print("|---|---|---|---|---|---|---|")
    for arm in ("shipped", "both read again", "per language"):
        cell = lambda l, w: (f"{100 * np.mean(totals[(arm, l, w)]):.1f}% of {len(totals[(arm, l, w)])}"  # noqa: E731
                             if totals.get((arm, l, w)) else "-")
        print(f"| {arm} | " + " | ".join(cell(l, w) for l in ("id", "en") for w in ("supported", "probable", "uncertain")) + " |")


if __name__ == "__main__":
    main()
