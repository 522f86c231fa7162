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
from pathlib import Path

from .stats import mcnemar, wilson

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "docs" / "eval"
BENCH = ROOT / "docs" / "bench" / "answers.json"
README = ROOT / "README.md"
START, END = "<!-- quality-table: made by python -m eval.readme -->", "<!-- /quality-table -->"
SPEED_START, SPEED_END = "<!-- speed-table: made by python -m eval.readme -->", "<!-- /speed-table -->"
# (file in docs/eval, the set's name in the table, what a correct answerable item is scored by)
SETS = [("news-heldout.json", "news held-out (lenient)", "lenient"),
        ("article-test.json", "article test split", "correct"),
        ("article-new.json", "article held-out", "correct")]
LANGUAGES = [("id", "Indonesian"), ("en", "English")]


def _cell(flags: list[bool]) -> str:
    low, high = wilson(sum(flags), len(flags))
    return f"{100 * sum(flags) / len(flags):.1f}% [{100 * low:.0f}-{100 * high:.0f}]"


def _p(value: float) -> str:
    """>>> _p(0.0312), _p(1e-9)
    ('p = 0.031', 'p < 0.0001')
    """
    return "p < 0.0001" if value < 1e-4 else f"p = {value:.2g}"


def rows(data: dict, name: str, key: str) -> list[str]:
    """One row a language: answers right, answerable refused, unanswerable refused; ours / naive."""
    ours, naive = data["hybrid"]["outcomes"], data["naive"]["outcomes"]
    out = []
    for lang, language in LANGUAGES:
        ans = [i for i, o in enumerate(ours) if o["lang"] == lang and o["answerable"]]
        una = [i for i, o in enumerate(ours) if o["lang"] == lang and not o["answerable"]]
        if not ans:
            continue
        right = [[run[i][key] for i in ans] for run in (ours, naive)]
        strict = [[run[i]["correct"] for i in ans] for run in (ours, naive)]
        refused = [[not run[i]["answered"] for i in ans] for run in (ours, naive)]
        whole = f"{_pct(strict[0])} / {_pct(strict[1])}" if key != "correct" else "(same)"
        cells = [f"| {name}, {language} | {len(ans)} + {len(una)} | {_cell(right[0])} / {_cell(right[1])} | "
                 f"{_test(*right)} | {whole} | {_cell(refused[0])} / {_cell(refused[1])} |"]
        if una:
            kept = [[run[i]["correct"] for i in una] for run in (ours, naive)]
            cells.append(f" {_cell(kept[0])} / {_cell(kept[1])} | {_test(*kept)} |")
        else:
            cells.append(" | |")
        out.append("".join(cells))
    return out


def _pct(flags: list[bool]) -> str:
    return f"{100 * sum(flags) / len(flags):.1f}%"


def _test(a: list[bool], b: list[bool]) -> str:
    t = mcnemar(a, b)
    return f"{t.only_first} / {t.only_second}, {_p(t.p_value)}"


def table() -> str:
    lines = ["| set, questions in | answerable + unanswerable | answers right: ours / naive | right only in ours / "
             "only in naive, McNemar | strict (whole span): ours / naive | answerable refused: ours / naive | "
             "unanswerable refused: ours / naive | refused only by ours / only by naive, McNemar |",
             "|---|---:|---:|---|---:|---:|---:|---|"]
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
