"""A seeded sample of eval sets, for a dev run that fits in an afternoon.

    python -m eval.sets.build.sample SET.jsonl [SET.jsonl ...] --per-group N --out SAMPLE.jsonl [--seed 0] [--snapshot DIR]
        [--exclude USED.jsonl ...]

Takes up to N items of each (language, answerable, kind) group of each set, at random (seeded),
keeps their ids, and writes them to one set whose corpus paths point where the items' corpora are
(with `--snapshot DIR`: copies of the corpus files in DIR, so that the sample's run is not moved by
a corpus file rebuilt meanwhile). `--exclude` leaves out the ids of earlier samples, so a new decision
can be made on items that decided nothing before.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
from pathlib import Path


def sample(paths: list[Path], per_group: int, seed: int, out: Path, snapshot: Path | None,
           exclude: frozenset[str] = frozenset()) -> int:
    rng = random.Random(seed)
    picked = []
    for path in paths:
        groups: dict[tuple, list[dict]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item["id"] in exclude:
                continue
            key = (item["lang"], item["answerable"], item.get("kind", ""))
            groups.setdefault(key, []).append(item)
        for key in sorted(groups):
            items = groups[key]
            for item in sorted(rng.sample(items, min(per_group, len(items))), key=lambda i: i["id"]):
                files = [(path.parent / f).resolve() for f in item.get("corpus", ())]
                if snapshot is not None:
                    snapshot.mkdir(parents=True, exist_ok=True)
                    for f in files:
                        if not (snapshot / f.name).exists():
                            shutil.copy2(f, snapshot / f.name)
                    files = [snapshot / f.name for f in files]
                if files:
                    item["corpus"] = [os.path.relpath(f, out.parent) for f in files]
                picked.append(item)
    out.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in picked), encoding="utf-8")
    return len(picked)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sets", nargs="+", type=Path)
    p.add_argument("--per-group", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--snapshot", type=Path)
    p.add_argument("--exclude", type=Path, nargs="*", default=[], help="earlier samples whose ids to leave out")
    a = p.parse_args()
    used = frozenset(json.loads(line)["id"] for f in a.exclude
                     for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
    print(f"{a.out}: {sample(a.sets, a.per_group, a.seed, a.out, a.snapshot, used)} items")


if __name__ == "__main__":
    main()
