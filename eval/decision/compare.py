"""Two decision models on the same stored run, per mode, language and kind, with paired tests.

    python -m eval.decision.compare RUN.json [RUN.json ...] --model A.json --model B.json [--scoring span] [--out F.md]
        [--runs-b RUN_B.json ...]   (B reads these instead: the same questions with its own answers and signals,
                                     e.g. another probe or another prompt)
        [--labels LABELS.jsonl ...] (answers judged by a reader instead of the scorer: eval.scoring.adjudicated)

Every answer of a collect run (every answer shown, signals stored) is decided again by each model at
each of its modes. Per language: answerable right (strict and lenient), answerable refused, each kind
of unanswerable question refused; exact McNemar of B against A on right answers and on refusals of
unanswerable questions; citation precision and recall of the answers shown (the share of cited
paragraphs holding the gold evidence, and the share of right answers citing one). Each model's
`bands` give the reliability of its confidence words: how often an answer shown with each word is right.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from rag.answer.decide import Decider

from ..scoring.adjudicated import applied
from ..scoring.adjudicated import load as load_labels
from ..scoring.score import rescored
from ..scoring.stats import mcnemar
from .curves import kind_of
from .modes import gated, probabilities, signals_of


def outcomes(paths: list[Path], key: str, scoring: str, labels: dict[str, str] | None = None) -> list[dict]:
    """The runs' outcomes scored again; with `labels` (`eval.scoring.adjudicated`), each judged answer's
    rightness is the reader's, and every shown answer to an answerable question must be judged."""
    out = []
    for path in paths:
        for o in json.loads(Path(path).read_text(encoding="utf-8"))[key]["outcomes"]:
            news = not o["id"].startswith(("q", "aa"))  # news items are span-scored; the article's (q..., aa...) by keys
            out.append(rescored(o, scoring if news else "keys"))
    return out if labels is None else applied(out, labels)


def decide(d: Decider, rows: list[dict]) -> list[tuple[bool, float | None]]:
    """(shown, probability) per outcome at `d`'s threshold and gate; refusing reply checks and the gate
    count as refused."""
    return [(False, None) if np.isnan(p) or (d.gate and gated(o.get("signals"), d.gate)) else (bool(p >= d.threshold), float(p))
            for p, o in zip(probabilities(d, rows), rows)]


def _pct(flags: list[bool]) -> str:
    return f"{100 * np.mean(flags):.1f}% ({sum(flags)}/{len(flags)})" if flags else "-"


def _paired(group: str, fa: list[bool], fb: list[bool]) -> str:
    """A table row: each model's share of `group` (right, or refused), and McNemar of B against A."""
    t = mcnemar(fa, fb)
    return f"| {group} | {len(fa)} | {_pct(fa)} | {_pct(fb)} | {t.only_first} / {t.only_second}, p = {t.p_value} |"


def report(rows: list[dict], a: Decider, b: Decider, names: tuple[str, str], modes: tuple[str, ...],
           rows_b: list[dict] | None = None) -> str:
    """`rows_b`: the same questions (same order) with B's own answers and signals (another probe, another
    prompt); default `rows`. Each model is scored on its own answers."""
    rows_b = rows if rows_b is None else rows_b
    if [o["id"] for o in rows_b] != [o["id"] for o in rows]:
        raise ValueError("the runs for B do not hold the same questions in the same order")
    lines = []
    kinds = sorted({kind_of(o) for o in rows if not o["answerable"]})
    for mode in modes:
        da, db = decide(a.at(mode), rows), decide(b.at(mode), rows_b)
        gates = "".join(f", {n} gate {d.at(mode).gate:g}" for n, d in zip(names, (a, b)) if d.at(mode).gate)
        lines += [f"\n### {mode} ({names[0]} {a.at(mode).threshold:.3f}, {names[1]} {b.at(mode).threshold:.3f}{gates})\n",
                  f"| group | n | {names[0]} | {names[1]} | only {names[0]} / only {names[1]}, p |", "|---|---:|---|---|---|"]
        def refused(group: str, idx: list[int]) -> str:
            return _paired(f"{group} refused", [not da[i][0] for i in idx], [not db[i][0] for i in idx])

        for lang in ("id", "en"):
            idx = [i for i, o in enumerate(rows) if o["lang"] == lang and o["answerable"]]
            for what, key in (("right (strict)", "draft_correct"), ("right (lenient)", "draft_lenient")):
                lines.append(_paired(f"{lang} answerable {what}", [da[i][0] and bool(rows[i][key]) for i in idx],
                                     [db[i][0] and bool(rows_b[i][key]) for i in idx]))
            lines.append(refused(f"{lang} answerable", idx))
            for kind in kinds + ["unanswerable"]:
                lines.append(refused(f"{lang} {kind}", [i for i, o in enumerate(rows) if o["lang"] == lang
                                                        and not o["answerable"] and kind in (kind_of(o), "unanswerable")]))
        lines.append(refused("both unanswerable", [i for i, o in enumerate(rows) if not o["answerable"]]))
    lines += ["\n### the words (each model's bands, its balanced mode): right when shown\n",
              f"| band | {names[0]} | {names[1]} |", "|---|---|---|"]
    bands = {}  # by column (not name: a model compared with itself has one name twice)
    for column, d, own in zip((0, 1), (a, b), (rows, rows_b)):
        for (shown, p), o in zip(decide(d.at("balanced"), own), own):
            if shown:
                bands.setdefault((column, d.band(p, signals_of(o["signals"]))), []).append(bool(o["answerable"] and o["draft_lenient"]))
    for band in ("supported", "probable", "uncertain", "unverified"):
        lines.append(f"| {band} | " + " | ".join(_pct(bands.get((c, band), [])) for c in (0, 1)) + " |")
    return "\n".join(lines)


def citations(rows: list[dict], shown: list[bool] | None = None, label: str = "every answer weighed") -> str:
    """Citation precision and recall of the answers `shown` (default: every answer the decision weighed,
    as a collect run shows them all): the share of their cited paragraphs holding the gold evidence, and
    the share of their right answers citing one."""
    shown = [True] * len(rows) if shown is None else shown
    mine = [o for o, s in zip(rows, shown) if s and o["answerable"] and o.get("gold_paragraphs") is not None
            and o.get("confidence") is not None]
    held = sum(len(set(o["citations"]) & set(o["gold_paragraphs"])) for o in mine)
    total = sum(len(o["citations"]) for o in mine)
    right = [o for o in mine if o.get("draft_lenient")]
    recall = sum(bool(set(o["citations"]) & set(o["gold_paragraphs"])) for o in right)
    return (f"{label}: citation precision {held}/{total} = {held / max(1, total):.1%} of cited paragraphs hold the gold "
            f"evidence; recall: {recall}/{len(right)} right answers cite one")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("runs", nargs="+", type=Path)
    p.add_argument("--model", type=Path, action="append", required=True)
    p.add_argument("--name", action="append")
    p.add_argument("--key", default="hybrid")
    p.add_argument("--runs-b", nargs="+", type=Path, help="the runs the second model reads (default: RUN)")
    p.add_argument("--scoring", default="span")
    p.add_argument("--modes", default="careful,balanced,eager")
    p.add_argument("--out", type=Path)
    p.add_argument("--labels", nargs="+", type=Path, help="answers judged by a reader (eval.scoring.adjudicated)")
    a = p.parse_args()
    labels = load_labels(a.labels) if a.labels else None
    rows = outcomes(a.runs, a.key, a.scoring, labels)
    models = [Decider.load(m) for m in a.model]
    names = tuple(a.name or [m.stem for m in a.model])
    rows_b = outcomes(a.runs_b, a.key, a.scoring, labels) if a.runs_b else None
    own = (rows, rows_b or rows)  # each model's answers
    cites = [citations(rows)] + [citations(r, [d[0] for d in decide(m.at("balanced"), r)], f"shown by {n} at balanced")
                                 for n, m, r in zip(names, models, own)]
    text = "\n".join(cites) + "\n" + report(rows, models[0], models[-1], names, tuple(a.modes.split(",")), rows_b)
    if a.out:
        a.out.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
