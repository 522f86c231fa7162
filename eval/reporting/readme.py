"""The README's two tables, made from stored runs so that every figure there comes from a file the
eval or the bench wrote: quality from docs/eval/*.json (`rag eval --json`), speed from
docs/bench/pairs.json (`rag bench --pairs N --json`).

    python -m eval.reporting.readme          print the tables
    python -m eval.reporting.readme --write  replace them in README.md (between their markers)

tests/eval/test_readme.py fails when the README's tables differ from what this prints.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..decision.curves import family, kind_of
from ..running.run import from_dict
from ..scoring.adjudicated import applied, load
from ..scoring.stats import mcnemar, wilson

ROOT = Path(__file__).resolve().parents[2]
RUNS = ROOT / "docs" / "eval"
BENCH = ROOT / "docs" / "bench" / "pairs.json"  # rag bench --pairs: ours beside naive in one run
README = ROOT / "README.md"
START, END = "<!-- quality-table: made by python -m eval.reporting.readme -->", "<!-- /quality-table -->"
SPEED_START, SPEED_END = "<!-- speed-table: made by python -m eval.reporting.readme -->", "<!-- /speed-table -->"
# Held-out runs (docs/eval): (file, the set's name, how its items are scored (eval.scoring.score: "span" has a
# strict and a lenient figure, "keys" one), the file with naive's outcomes when it is another one (naive ran
# on the first questions of a large set only), and the answers judged by a reader, ours' and naive's
# (eval.scoring.adjudicated; then one figure, "judged", in place of the scorer's). Every outcome is scored
# again by today's rules. The news run is `seventh/heldout3-E.json` with the answers the unit check refuses
# (on since the eleventh decision) refused before the decision (`eval.decision.checks --refused-run`).
SETS = [("verify/eleventh/heldout3-U.json", "news held-out", "span", "verify/sixth/heldout3-naive.json",
         ("verify/sixth/heldout3-labels.jsonl", "verify/sixth/heldout3-naive-labels.jsonl")),
        ("verify/seventh/article-test.json", "article test split", "keys", None, None)]
LANGUAGES = [("id", "id"), ("en", "en")]  # the question's language
KINDS = [("adversarial", "adversarial"), ("removed", "passage removed"), ("other", "other")]
COLUMNS = ("careful", "balanced", "eager", "naive")


def _cell(flags: list[bool]) -> str:
    if not flags:
        return "not run"
    low, high = wilson(sum(flags), len(flags))
    return f"{100 * sum(flags) / len(flags):.1f}% [{100 * low:.0f}-{100 * high:.0f}]"


def _pct(flags: list[bool]) -> str:
    return f"{100 * sum(flags) / len(flags):.0f}%" if flags else "-"


def _p(value: float) -> str:
    """>>> _p(0.0312), _p(1e-9)
    ('p = 0.031', 'p < 0.0001')
    """
    return "p < 0.0001" if value < 1e-4 else f"p = {value:.2g}"


def _test(rows: list[dict], first: str = "balanced", second: str = "naive") -> str:
    """McNemar of two columns over the rows that have both."""
    both = [r for r in rows if r.get(second) is not None]
    if not both:
        return "-"
    t = mcnemar([r[first] for r in both], [r[second] for r in both])
    return f"{t.only_first} / {t.only_second}, {_p(t.p_value)}"


def runs() -> list[tuple[str, str, dict[str, list], dict[str, object]]]:
    """(set name, scoring, each mode's outcomes, naive's outcomes by id) per stored held-out run, each
    outcome scored again by today's rules (`eval.scoring.score.rescored`)."""
    from rag.answer.decide import Decider

    from ..decision.modes import by_mode
    from ..scoring.score import rescored

    def outcomes(run: dict, scoring: str, labels: str | None = None) -> list:
        rows = [rescored(o, scoring) for o in run.get("outcomes", [])]
        if labels:
            rows = applied(rows, load([RUNS / labels]), labels)
        return [from_dict(o) for o in rows]

    decider = Decider.load()
    out = []
    for file, name, scoring, naive_file, labels in SETS:
        path = RUNS / file
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            other = data if naive_file is None else (json.loads((RUNS / naive_file).read_text(encoding="utf-8"))
                                                     if (RUNS / naive_file).exists() else {})
            ours_labels, naive_labels = labels or (None, None)
            naive = {o.id: o for o in outcomes(other.get("naive", {}), scoring, naive_labels)}
            modes = by_mode(outcomes(data["hybrid"], scoring, ours_labels), decider)
            out.append((name, "judged" if labels else scoring, modes, naive))
    return out


def _flags(rows: list[dict], column: str) -> list[bool]:
    return [r[column] for r in rows if r.get(column) is not None]


def _n(rows: list[dict]) -> str:
    naive = len(_flags(rows, "naive"))
    return f"{len(rows)}" + ("" if naive in (0, len(rows)) else f" (naive: first {naive})")


def _per_item(modes: dict[str, list], naive: dict, i: int, what) -> dict:  # noqa: ANN001 - what: Outcome -> bool
    o = modes["balanced"][i]
    return {**{m: what(outs[i]) for m, outs in modes.items()},
            "naive": what(naive[o.id]) if o.id in naive else None}


SCORES = {"span": [("correct", "strict"), ("lenient", "lenient")], "keys": [("correct", "")],  # right by
          "judged": [("lenient", "judged")]}


def answers_table() -> str:
    """Answerable held-out questions: right (strict, and lenient beside it where the set has both) and
    refused, per mode and naive; balanced vs naive paired."""
    lines = ["| answerable, held out | n | right: careful / balanced / eager / naive | right only balanced / only "
             "naive, McNemar | refused: careful / balanced / eager / naive |", "|---|---:|---|---|---|"]
    for name, scoring, modes, naive in runs():
        for lang, language in LANGUAGES:
            idx = [i for i, o in enumerate(modes["balanced"]) if o.lang == lang and o.answerable]
            refused = [_per_item(modes, naive, i, lambda o: not o.answered) for i in idx]
            for key, how in SCORES[scoring] if idx else []:
                right = [_per_item(modes, naive, i, lambda o: bool(getattr(o, key))) for i in idx]
                lines.append(f"| {name}, {language}{', ' + how if how else ''} | {_n(right)} | "
                             f"{_pct(_flags(right, 'careful'))} / **{_cell(_flags(right, 'balanced'))}** / "
                             f"{_pct(_flags(right, 'eager'))} / {_cell(_flags(right, 'naive'))} | {_test(right)} | "
                             + " / ".join(_pct(_flags(refused, m)) for m in COLUMNS) + " |")
    return "\n".join(lines)


def refusals_table() -> str:
    """Unanswerable held-out questions: refused, per kind, mode and naive; balanced vs naive paired."""
    lines = ["| unanswerable, held out | n | refused: careful / balanced / eager / naive | refused only balanced / "
             "only naive, McNemar |", "|---|---:|---|---|"]
    groups: dict[tuple[str, str, str], list] = {}
    for name, _, modes, naive in runs():
        for i, o in enumerate(modes["balanced"]):
            if not o.answerable:
                groups.setdefault((name, family(kind_of(o)), o.lang), []).append(_per_item(modes, naive, i, lambda x: not x.answered))
    order = [k for k, _ in KINDS]
    for (name, kind, lang), rows in sorted(groups.items(), key=lambda g: (g[0][0], order.index(g[0][1]), g[0][2] != "id")):
        lines.append(f"| {name}, {dict(KINDS)[kind]}, {dict(LANGUAGES)[lang]} | {_n(rows)} | "
                     f"{_pct(_flags(rows, 'careful'))} / **{_cell(_flags(rows, 'balanced'))}** / "
                     f"{_pct(_flags(rows, 'eager'))} / {_cell(_flags(rows, 'naive'))} | {_test(rows)} |")
    return "\n".join(lines)


BANDS = ("supported", "probable", "uncertain", "unverified")


def words_table() -> str:
    """How often an answer shown (balanced) under each confidence word is right, per language, on the
    held-out runs with both kinds of unanswerable question (the words: `Decider.band`)."""
    from rag.answer.decide import Decider, in_words

    from ..decision.modes import probability, signals_of

    decider = Decider.load()
    said: dict[tuple[str, str], list[bool]] = {}
    for _, _, modes, _ in runs():
        for o in modes["balanced"]:
            if o.answered and o.confidence is not None and o.signals:
                band = decider.band(probability(decider, o), signals_of(o.signals))
                said.setdefault((band, o.lang), []).append(bool(o.answerable and o.lenient))
    lines = ["| the words shown with an answer (balanced) | right, id | right, en |", "|---|---|---|"]
    for band in BANDS:
        cells = [(_cell(said[band, lang]) + f" of {len(said[band, lang])}") if said.get((band, lang)) else "never shown"
                 for lang, _ in LANGUAGES]
        lines.append(f"| {in_words(band, 'en')} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def table() -> str:
    return answers_table() + "\n\n" + refusals_table() + "\n\n" + words_table()


def speed_table(path: Path = BENCH) -> str:
    """Answer speed, ours beside naive in the same run (`rag bench --pairs`), from a `rag bench --json` run."""
    if not path.exists():
        return ""
    result = json.loads(path.read_text(encoding="utf-8"))
    m, pairs = result["machine"], result.get("pairs", {})
    ready = pairs.get("news-prepared", {})
    size, budget = (ready.get("prepared") or {}).get("paragraphs", ""), ready.get("state_cache_mb", 0)
    names = {"article": "the shipped article (openings saved by rag prepare)",
             "news-prepared": f"{size} news paragraphs, prepared ahead ({budget / 1024:.0f} GB state budget)".strip(),
             "news": f"{size or 'the'} news paragraphs, very first pass (nothing saved)"}
    lines = [f"| answers ({m['cores']} cores, no GPU) | questions | ours median / p95 s | naive median / p95 s | "
             "ours / naive: median, p95 | paragraphs shown, median s |", "|---|---:|---:|---:|---:|---:|"]
    for key, p in pairs.items():
        lines.append(f"| {names.get(key, key)} | {p['questions']} | {p['ours']['median']:.2f} / {p['ours']['p95']:.2f} | "
                     f"{p['naive']['median']:.2f} / {p['naive']['p95']:.2f} | {p['ratio']['median']:.2f}, "
                     f"{p['ratio']['p95']:.2f} | {p['sources_s']['median']:.2f} |")
    return "\n".join(lines + _budget(pairs.get("news-prepared", {}), result.get("hits")))


def _budget(row: dict, hits: dict | None) -> list[str]:
    """What preparing a corpus costs and how the saved states serve two corpora, in a sentence or two."""
    out = []
    prepared, index = row.get("prepared") or {}, row.get("index") or {}
    if prepared.get("paragraphs_per_s"):
        per_mb = f", {prepared['mb'] * 1000 / prepared['paragraphs'] / 1024:.1f} GB per 1,000 paragraphs" \
            if prepared.get("mb") else ""
        out.append(f"\nPreparing (both languages): {prepared['paragraphs_per_s']} paragraphs/s{per_mb}, against "
                   f"{index.get('paragraphs_per_s', '?')} for the index naive also builds.")
    if hits:
        per = ", ".join(f"{c} {r:.0%}" for c, r in hits["per_corpus"].items())
        out.append(f"{'' if out else chr(10)}{hits['questions']} questions over two corpora, {hits['state_cache_mb']:,} MB "
                   f"budget: {hits['hit_rate']:.0%} found their openings saved ({per}).")
    return out


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
