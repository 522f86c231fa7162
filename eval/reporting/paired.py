"""Two runs of the same set, item by item: `python -m eval.reporting.paired BASE.json CANDIDATE.json`.

Per language: answerable questions answered right, answerable questions answered, unanswerable ones
refused, each with the exact McNemar test on the items the runs disagree on; then the median seconds
and, among right answers, how many cite the gold paragraph. `--retry-off` reads the base run as if the
retry had been off (every answer that took it refused: what `retry = false` does).
"""
from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from eval.scoring.stats import mcnemar

GROUPS = (("answerable right", "right", True), ("answerable answered", "answered", True),
          ("unanswerable refused", "refused", False))


def outcomes(path: Path, retry_off: bool = False, pipeline: str = "hybrid") -> dict[str, dict]:
    """The run's outcomes by id, with `right` and `refused` filled in."""
    out = {}
    for o in json.loads(path.read_text(encoding="utf-8"))[pipeline]["outcomes"]:
        answered = o["answered"] and not (retry_off and o.get("second_try") == "retry")
        out[o["id"]] = {**o, "answered": answered, "right": o["answerable"] and answered and o["correct"],
                        "refused": not o["answerable"] and not answered}
    return out


def compare(base: dict[str, dict], cand: dict[str, dict]) -> list[str]:
    ids = [i for i in base if i in cand]
    lines = [f"{len(ids)} items in both runs"]
    for lang in sorted({base[i]["lang"] for i in ids}):
        for name, key, answerable in GROUPS:
            chosen = [i for i in ids if base[i]["lang"] == lang and base[i]["answerable"] == answerable]
            if not chosen:
                continue
            a, b = [bool(base[i][key]) for i in chosen], [bool(cand[i][key]) for i in chosen]
            p = mcnemar(a, b)
            lines.append(f"{lang} {name:21s} n={len(chosen):3d}  base {sum(a) / len(a):6.1%}  candidate "
                         f"{sum(b) / len(b):6.1%}  (only base {p.only_first}, only candidate {p.only_second}, "
                         f"p = {p.p_value})")
    for name, run in (("base", base), ("candidate", cand)):
        cites = [run[i]["citation_correct"] for i in ids if run[i]["right"] and run[i].get("citation_correct") is not None]
        lines.append(f"{name}: median {statistics.median(run[i]['seconds'] for i in ids):.2f} s; right answers citing "
                     f"the gold paragraph {sum(cites)} of {len(cites)}")
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("base", type=Path)
    p.add_argument("candidate", type=Path)
    p.add_argument("--retry-off", action="store_true", help="count the base run's retried answers as refusals")
    args = p.parse_args()
    print("\n".join(compare(outcomes(args.base, args.retry_off), outcomes(args.candidate))))


if __name__ == "__main__":
    main()
