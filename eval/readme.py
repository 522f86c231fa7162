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
# Held-out runs (docs/eval): (file, the set's name, how an answerable item is scored)
SETS = [("news-heldout.json", "news held-out", "lenient"), ("article-test.json", "article test split", "correct"),
        ("article-new.json", "article held-out", "correct"),
        ("adversarial-heldout.json", "news held-out", "correct"),
        ("adversarial-article-heldout.json", "article held-out", "correct")]
LANGUAGES = [("id", "Indonesian"), ("en", "English")]
KINDS = [("adversarial", "about the question, not answering it"), ("removed", "passage removed"),
         ("other", "other")]


def _cell(flags: list[bool]) -> str:
    low, high = wilson(sum(flags), len(flags))
    return f"{100 * sum(flags) / len(flags):.1f}% [{100 * low:.0f}-{100 * high:.0f}]"


def _pct(flags: list[bool]) -> str:
    return f"{100 * sum(flags) / len(flags):.0f}%"


def _p(value: float) -> str:
    """>>> _p(0.0312), _p(1e-9)
    ('p = 0.031', 'p < 0.0001')
    """
    return "p < 0.0001" if value < 1e-4 else f"p = {value:.2g}"


def _test(a: list[bool], b: list[bool]) -> str:
    t = mcnemar(a, b)
    return f"{t.only_first} / {t.only_second}, {_p(t.p_value)}"


def runs() -> list[tuple[str, str, dict[str, list], list]]:
    """(set name, answerable key, each mode's outcomes, naive's outcomes) per stored held-out run."""
    from rag.answer.decide import Decider

    from .modes import by_mode, from_dict

    decider = Decider.load()
    out = []
    for file, name, key in SETS:
        path = RUNS / file
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            ours = [from_dict(o) for o in data["hybrid"]["outcomes"]]
            out.append((name, key, by_mode(ours, decider), [from_dict(o) for o in data["naive"]["outcomes"]]))
    return out


def _kind(o) -> str:  # noqa: ANN001 - an Outcome
    return "removed" if o.kind == "removed" or o.id.endswith("-x") else ("adversarial" if o.kind else "other")


def answers_table() -> str:
    """Answerable held-out questions: right and refused, per mode and naive; balanced vs naive paired."""
    lines = ["| answerable, held out | n | right: careful / balanced / eager / naive | right only balanced / only "
             "naive, McNemar | refused: careful / balanced / eager / naive |", "|---|---:|---|---|---|"]
    for name, key, modes, naive in runs():
        for lang, language in LANGUAGES:
            idx = [i for i, o in enumerate(naive) if o.lang == lang and o.answerable]
            if not idx:
                continue
            right = {m: [getattr(outs[i], key) for i in idx] for m, outs in {**modes, "naive": naive}.items()}
            refused = {m: [not outs[i].answered for i in idx] for m, outs in {**modes, "naive": naive}.items()}
            lines.append(f"| {name}{' (lenient)' if key == 'lenient' else ''}, {language} | {len(idx)} | "
                         f"{_pct(right['careful'])} / **{_cell(right['balanced'])}** / {_pct(right['eager'])} / "
                         f"{_cell(right['naive'])} | {_test(right['balanced'], right['naive'])} | "
                         + " / ".join(_pct(refused[m]) for m in ("careful", "balanced", "eager", "naive")) + " |")
    return "\n".join(lines)


def refusals_table() -> str:
    """Unanswerable held-out questions: refused, per kind, mode and naive; balanced vs naive paired."""
    lines = ["| unanswerable, held out | n | refused: careful / balanced / eager / naive | refused only balanced / "
             "only naive, McNemar |", "|---|---:|---|---|"]
    groups: dict[tuple[str, str, str], list] = {}
    for name, _, modes, naive in runs():
        for i, o in enumerate(naive):
            if not o.answerable:
                groups.setdefault((name, _kind(o), o.lang), []).append(
                    {m: not outs[i].answered for m, outs in {**modes, "naive": naive}.items()})
    for (name, kind, lang), rows in sorted(groups.items(), key=lambda g: (g[0][0], [k for k, _ in KINDS].index(g[0][1]),
                                                                            g[0][2] != "id")):
        col = {m: [r[m] for r in rows] for m in ("careful", "balanced", "eager", "naive")}
        lines.append(f"| {name}, {dict(KINDS)[kind]}, {dict(LANGUAGES)[lang]} | {len(rows)} | {_pct(col['careful'])} / "
                     f"**{_cell(col['balanced'])}** / {_pct(col['eager'])} / {_cell(col['naive'])} | "
                     f"{_test(col['balanced'], col['naive'])} |")
    return "\n".join(lines)


def table() -> str:
    return answers_table() + "\n\n" + refusals_table()


def speed_table(path: Path = BENCH) -> str:
    """Answer speed, ours beside naive in the same run (`rag bench --pairs`), from a `rag bench --json` run."""
    if not path.exists():
        return ""
    result = json.loads(path.read_text(encoding="utf-8"))
    m, pairs = result["machine"], result.get("pairs", {})
    names = {"article": "the shipped article (openings saved by rag prepare)",
             "news": "207 news passages never seen (nothing saved)"}
    lines = [f"| answers, quality profile ({m['cores']} cores, llama.cpp kernels: {m.get('llama_kernels', '?')}) | "
             "questions | ours median / p95 s | naive median / p95 s | ours / naive: median, p95 | "
             "paragraphs shown, median s |", "|---|---:|---:|---:|---:|---:|"]
    for key, p in pairs.items():
        lines.append(f"| {names.get(key, key)} | {p['questions']} | {p['ours']['median']:.2f} / {p['ours']['p95']:.2f} | "
                     f"{p['naive']['median']:.2f} / {p['naive']['p95']:.2f} | {p['ratio']['median']:.2f}, "
                     f"{p['ratio']['p95']:.2f} | {p['sources_s']['median']:.2f} |")
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
