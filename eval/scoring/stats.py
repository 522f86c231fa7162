"""How much an eval figure can be trusted: intervals for a share, and a paired test for two runs.

With 33 answerable questions per language in a split, one question is 3 points and the 95%
interval of a 75% accuracy spans about 58-87%: differences of a few questions are noise. The
paired test compares two runs on the same questions by the ones they disagree on.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

Z95 = 1.959964


def share(flags: list[bool]) -> float:
    """The share of true flags, rounded as the eval's figures are (NaN for none).

    >>> share([True, True, False])
    0.6667
    """
    return round(sum(flags) / len(flags), 4) if flags else float("nan")


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval (95% by default) of a share `successes / n`.

    >>> [round(x, 3) for x in wilson(25, 33)]
    [0.59, 0.872]
    >>> wilson(0, 0)
    (0.0, 1.0)
    """
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    denominator = 1 + z * z / n
    return max(0.0, (centre - half) / denominator), min(1.0, (centre + half) / denominator)


@dataclass(frozen=True)
class Paired:
    """Two runs over the same questions: how many only the first / only the second got right,
    and the exact two-sided McNemar p-value (a binomial test on those disagreements)."""

    only_first: int
    only_second: int
    p_value: float


def mcnemar(first: Sequence[bool], second: Sequence[bool]) -> Paired:
    """Compare two runs' per-question results (same questions, same order).

    >>> mcnemar([True] * 8 + [False] * 2, [False] * 8 + [True] * 2)
    Paired(only_first=8, only_second=2, p_value=0.1094)
    """
    if len(first) != len(second):
        raise ValueError(f"the runs have {len(first)} and {len(second)} results: compare the same questions")
    b = sum(1 for x, y in zip(first, second) if x and not y)
    c = sum(1 for x, y in zip(first, second) if y and not x)
    n = b + c
    if n == 0:
        return Paired(0, 0, 1.0)
    tail = sum(math.comb(n, i) for i in range(min(b, c) + 1)) / 2 ** n
    return Paired(b, c, round(min(1.0, 2 * tail), 4))


GROUPS = (("all", None, True), ("Indonesian", "id", True), ("English", "en", True),
          ("unanswerable", None, False))


def _flags(outcomes: list, lang: str | None, answerable: bool, key: str) -> list[bool]:
    return [getattr(o, key) for o in outcomes if o.answerable == answerable and lang in (None, o.lang)]


def spread(runs: dict[str, list]) -> list[str]:
    """Lines for the eval output: per run, each accuracy with its 95% interval (strict, then
    lenient where the set has span items), and the unanswerable questions refused; then each
    later run beside the first, paired on the same questions, per language. `runs`: name ->
    outcomes (objects with `answerable`, `correct`, `lenient`, `lang`)."""
    names = list(runs)
    keys = ["correct"]
    if any(getattr(o, "lenient", o.correct) != o.correct for outcomes in runs.values() for o in outcomes):
        keys.append("lenient")
    lines = ["Accuracy with 95% intervals (Wilson); unanswerable: refused:"]
    for key in keys:
        for name, outcomes in runs.items():
            parts = []
            for label, lang, answerable in GROUPS:
                if key != "correct" and not answerable:
                    continue
                flags = _flags(outcomes, lang, answerable, key)
                if flags:
                    low, high = wilson(sum(flags), len(flags))
                    parts.append(f"{label} {100 * share(flags):.1f}% [{100 * low:.1f}-{100 * high:.1f}] of {len(flags)}")
            lines.append(f"- {name} ({'strict' if key == 'correct' else 'lenient'}): " + "; ".join(parts))
    for other in names[1:]:
        for key in keys:
            for label, lang, answerable in GROUPS:
                if key != "correct" and not answerable:
                    continue
                first, second = _flags(runs[names[0]], lang, answerable, key), _flags(runs[other], lang, answerable, key)
                if not first:
                    continue
                t = mcnemar(first, second)
                lines.append(f"- {names[0]} vs {other}, {label} ({'strict' if key == 'correct' else 'lenient'}): "
                             f"right only in {names[0]} {t.only_first}, only in {other} {t.only_second}; "
                             f"exact McNemar p = {t.p_value:g}")
    return lines
