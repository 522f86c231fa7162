"""The README's quality table, made from the stored eval runs (docs/eval/*.json), so that every
figure there comes from a file the eval wrote.

    python -m eval.readme          print the table
    python -m eval.readme --write  replace it in README.md (between the quality-table markers)

tests/eval/test_readme.py fails when the README's table differs from what this prints.
"""
from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from .stats import mcnemar, wilson

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "docs" / "eval"
README = ROOT / "README.md"
START, END = "<!-- quality-table: made by python -m eval.readme -->", "<!-- /quality-table -->"
# (file in docs/eval, the set's name in the table, what a correct answerable item is scored by)
SETS = [("news-heldout.json", "news held-out (FacQA valid)", "lenient"),
        ("article-test.json", "article, test split", "correct"),
        ("article-new.json", "article, held-out questions", "correct")]
GROUPS = [("Indonesian questions", "id", True), ("English questions", "en", True),
          ("unanswerable refused, Indonesian", "id", False), ("unanswerable refused, English", "en", False)]


def _cell(flags: list[bool]) -> str:
    low, high = wilson(sum(flags), len(flags))
    return f"{100 * sum(flags) / len(flags):.1f}% [{100 * low:.0f}-{100 * high:.0f}]"


def rows(data: dict, name: str, key: str) -> list[str]:
    ours, naive = data["hybrid"]["outcomes"], data["naive"]["outcomes"]
    out = []
    for label, lang, answerable in GROUPS:
        pick = [i for i, o in enumerate(ours) if o["lang"] == lang and o["answerable"] == answerable]
        if not pick:
            continue
        field = key if answerable else "correct"
        a, b = [ours[i][field] for i in pick], [naive[i][field] for i in pick]
        t = mcnemar(a, b)
        scored = f"{label} ({'lenient' if field == 'lenient' else 'correct'})" if answerable else label
        out.append(f"| {name} | {scored} | {len(pick)} | {_cell(a)} | {_cell(b)} | "
                   f"{t.only_first} / {t.only_second}, p = {t.p_value:g} |")
    for lang, language in (("id", "Indonesian"), ("en", "English")):
        ans = [i for i, o in enumerate(ours) if o["lang"] == lang and o["answerable"]]
        a, b = [not ours[i]["answered"] for i in ans], [not naive[i]["answered"] for i in ans]
        out.append(f"| {name} | answerable wrongly refused, {language} | {len(ans)} | {_cell(a)} | {_cell(b)} | |")
    secs = [statistics.median(o["seconds"] for o in run) for run in (ours, naive)]
    out.append(f"| {name} | latency median (s) | {len(ours)} | {secs[0]:.2f} | {secs[1]:.2f} | |")
    return out


def table() -> str:
    lines = ["| set | figure | questions | ours | naive baseline | right only in ours / only in naive, exact McNemar |",
             "|---|---|---:|---:|---:|---|"]
    for file, name, key in SETS:
        path = RUNS / file
        if path.exists():
            lines += rows(json.loads(path.read_text(encoding="utf-8")), name, key)
    return "\n".join(lines)


def replaced(readme: str, new: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{new}\n{END}{tail}"


def current(readme: str) -> str:
    """The table now between the markers."""
    return readme.partition(START)[2].partition(END)[0].strip()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--write", action="store_true", help="write it into README.md")
    args = p.parse_args()
    new = table()
    if args.write:
        README.write_text(replaced(README.read_text(encoding="utf-8"), new), encoding="utf-8")
    print(new)


if __name__ == "__main__":
    main()
