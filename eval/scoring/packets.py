"""What a reader judges (`eval.scoring.adjudicated`): each answer to an answerable question of a run, with
the question, the reference answers and the passage holding the answer, and nothing else (no confidence,
mode, pipeline or scorer label), so that the judging is blind.

    python -m eval.scoring.packets RUN.json OUT.jsonl [--key hybrid] [--skip LABELS.jsonl ...]

RUN.json is a `rag eval --json` run (or its `.partial.jsonl` checkpoint, while it runs); the items are
found by id in `eval/sets/`. `--skip` leaves out the ids already judged.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKERS = re.compile(r"\s*\[[\d,\s]+\]")


def items() -> dict[str, dict]:
    """Every eval item by id, with the folder its corpus paths are relative to."""
    found: dict[str, dict] = {}
    for path in sorted((ROOT / "eval" / "sets").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if "id" in item:  # raw files hold other records (a written item's skipped passage)
                    found.setdefault(item["id"], {**item, "_home": path.parent})
    return found


def passage(item: dict) -> str:
    """The paragraph of the item's corpus (the shipped article when it names none) holding its evidence."""
    files = [item["_home"] / c for c in item.get("corpus", [])] or sorted((ROOT / "seeds").glob("*.txt"))
    paragraphs = [p.strip() for f in files for p in Path(f).read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return next((p for e in item.get("evidence", []) for p in paragraphs if e[:50] in p), "")


def outcomes(run: Path, key: str) -> list[dict]:
    if run.name.endswith(".partial.jsonl"):
        return [json.loads(line)["outcome"] for line in run.read_text(encoding="utf-8").splitlines() if line.strip()]
    return json.loads(run.read_text(encoding="utf-8"))[key]["outcomes"]


def packets(run: Path, key: str, skip: set[str]) -> list[dict]:
    """One per answer to an answerable question that was shown or weighed, not in `skip`."""
    known = items()
    out = []
    for o in outcomes(run, key):
        if o["answerable"] and (o["answered"] or o.get("confidence") is not None) and o["id"] not in skip:
            item = known[o["id"]]
            out.append({"id": o["id"], "lang": o["lang"], "question": o["question"], "gold": item["answers"],
                        "passage": passage(item), "answer": MARKERS.sub("", o.get("draft") or o["text"]).strip()})
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("run", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--key", default="hybrid")
    p.add_argument("--skip", nargs="*", type=Path, default=[])
    a = p.parse_args()
    skip = {json.loads(line)["id"] for f in a.skip for line in f.read_text(encoding="utf-8").splitlines() if line.strip()}
    rows = packets(a.run, a.key, skip)
    a.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{a.out}: {len(rows)} answers to judge ({sum(not r['passage'] for r in rows)} without a passage found)")


if __name__ == "__main__":
    main()
