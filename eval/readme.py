"""The README's two tables, made from stored runs so that every figure there comes from a file the
eval or the bench wrote: quality from docs/eval/*.json (`rag eval --json`), speed from
docs/bench/answers.json (`rag bench --json`).

    python -m eval.readme          print the tables
    python -m eval.readme --write  replace them in README.md (between their markers)

tests/eval/test_readme.py fails when the README's tables differ from what this prints.
"""
from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from .stats import mcnemar, wilson

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "docs" / "eval"
BENCH = ROOT / "docs" / "bench" / "answers.json"
README = ROOT / "README.md"
START, END = "<!-- quality-table: made by python -m eval.readme -->", "<!-- /quality-table -->"
SPEED_START, SPEED_END = "<!-- speed-table: made by python -m eval.readme -->", "<!-- /speed-table -->"
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


def speed_table(path: Path = BENCH) -> str:
    """Answer speed per corpus and profile from a `rag bench --json` run."""
    if not path.exists():
        return ""
    result = json.loads(path.read_text(encoding="utf-8"))
    m, runs = result["machine"], result.get("answers", {})
    names = {"quality": "article, quality (1.5B)", "fast": "article, fast (0.5B)",
             "quality news": "news corpus, first pass, quality", "fast news": "news corpus, first pass, fast"}
    lines = [f"| answers ({m['cores']} cores, llama.cpp kernels: {m.get('llama_kernels', '?')}) | questions | "
             "median s | p95 s | first token median s | prompt tokens/s | accuracy | peak RSS MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key, a in runs.items():
        lines.append(f"| {names.get(key, key)} | {a['latency_s']['n'] + 1} | {a['latency_s']['median']:.2f} | "
                     f"{a['latency_s']['p95']:.2f} | {a['first_token_s']['median']:.2f} | "
                     f"{a['prompt_tokens_per_s']:.0f} | {100 * a['accuracy']:.0f}% | {a['peak_rss_mb']:,.0f} |")
    return "\n".join(lines)


MARKED = ((START, END, table), (SPEED_START, SPEED_END, speed_table))


def replaced(readme: str, new: str, start: str = START, end: str = END) -> str:
    head, _, rest = readme.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{new}\n{end}{tail}"


def current(readme: str, start: str = START, end: str = END) -> str:
    """The table now between the markers."""
    return readme.partition(start)[2].partition(end)[0].strip()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--write", action="store_true", help="write it into README.md")
    args = p.parse_args()
    text = README.read_text(encoding="utf-8")
    for start, end, make in MARKED:
        new = make()
        text = replaced(text, new, start, end)
        print(new, end="\n\n")
    if args.write:
        README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
