"""The answer modes' thresholds, read off a dev operating curve by a rule per mode (`eval.decision.fit`).

Every refusal counts on the curve (before generation, by the reply checks, by the model), worst
language and kind of unanswerable question first (written to mislead, passage removed: each must
meet the share on its own). The rules:

- `youden`: the threshold where the worst language's unanswerable refused (the two kinds weighed
  alike) less its answerable refused is largest (an invented answer and a refused answerable
  question weigh the same);
- `answerable<=S`: the highest threshold refusing at most S of each language's answerable questions;
- `unanswerable>=S`: the lowest threshold refusing at least S of each language's each kind;
- `model<=S`: the highest threshold at which the model itself (refusals before it not counted)
  refuses at most S of each language's answerable questions (the rule of 2026-12-01);
- `p>=S`: the threshold S itself (a bar on P(right) carried over from another model fitted on the same
  dev items: the fourth decision's);
- a rule ending in `@fit` is read on the fit's own runs rather than on `--modes-on`'s.

Defaults: careful `youden`, balanced `answerable<=0.2` (the cost of the model before the adversarial
sets, 19% on dev), eager `answerable<=0.1` (0 when the checks before the decision refuse more than
that already: every answer past them shown); careful >= balanced >= eager.
"""
from __future__ import annotations

import argparse
from typing import NamedTuple

import numpy as np

from .curves import family, kind_of, refused_at


class Rule(NamedTuple):
    side: str          # "youden", "answerable", "unanswerable" or "model"
    share: float = 0.0
    scope: str = ""    # "fit": read on the fit's own runs; "": on the modes' runs


RULES: dict[str, Rule] = {"careful": Rule("youden"), "balanced": Rule("answerable", 0.2), "eager": Rule("answerable", 0.1)}
SIGNS = {"unanswerable": ">=", "answerable": "<=", "model": "<=", "p": ">="}


def rule(text: str) -> Rule:
    """A mode's rule from the command line.

    >>> rule("unanswerable>=0.9"), rule("answerable <= 0.1"), rule("youden"), rule("model<=0.05@fit")
    (Rule(side='unanswerable', share=0.9, scope=''), Rule(side='answerable', share=0.1, scope=''), Rule(side='youden', share=0.0, scope=''), Rule(side='model', share=0.05, scope='fit'))
    >>> rule("p>=0.066"), threshold(rule("p>=0.066"), np.array([0.5]), [])
    (Rule(side='p', share=0.066, scope=''), 0.066)
    """
    body, _, scope = text.strip().partition("@")
    if scope not in ("", "fit"):
        raise argparse.ArgumentTypeError(f"{text!r}: a rule ends in @fit or in nothing")
    if body.strip() == "youden":
        return Rule("youden", 0.0, scope)
    for side, sign in SIGNS.items():
        head, _, share = body.partition(sign)
        if head.strip() == side and share.strip():
            return Rule(side, float(share), scope)
    raise argparse.ArgumentTypeError(f"{text!r}: write unanswerable>=SHARE, answerable<=SHARE, model<=SHARE, p>=P or youden "
                                     "(then @fit to read it on the fit's own runs)")


def said(r: Rule) -> str:
    """A rule as the command line writes it.

    >>> said(Rule("model", 0.05, "fit")), said(rule("youden"))
    ('model<=0.05@fit', 'youden')
    """
    r = Rule(*r)
    body = "youden" if r.side == "youden" else f"{r.side}{SIGNS[r.side]}{r.share:g}"
    return body + (f"@{r.scope}" if r.scope else "")


def kinds_in(outcomes: list[dict]) -> list[str | None]:
    """The kinds of unanswerable question the outcomes hold, as `eval.decision.curves.selected` names them
    ("adversarial": written to mislead; "removed": the passage taken out); [None] when neither."""
    found = {family(kind_of(o)) for o in outcomes if not o["answerable"]}
    kinds = [k for k in ("adversarial", "removed") if k in found]
    return kinds or [None]


def threshold(r: Rule, prob: np.ndarray, outcomes: list[dict]) -> float:
    """`r`'s threshold on the curve of `prob` over `outcomes`."""
    side, share = r.side, r.share
    if side == "p":
        return share
    langs, kinds = sorted({o["lang"] for o in outcomes}), kinds_in(outcomes)
    grid = np.unique(np.concatenate([[0.0, 1.0], np.round(prob[~np.isnan(prob)], 3)]))
    if side == "unanswerable":  # the lowest refusing at least `share` of each language's each kind
        worst = lambda t: min(refused_at(prob, outcomes, t, lang, False, kind) for lang in langs for kind in kinds)  # noqa: E731
        return float(next((t for t in grid if worst(t) >= share), grid[-1]))
    if side == "answerable":
        worst = lambda t: max(refused_at(prob, outcomes, t, lang, True) for lang in langs)  # noqa: E731
        return float(max((t for t in grid if worst(t) <= share), default=0.0))
    if side == "model":  # per language: the probability under which `share` of its answerable questions fall
        best = 1.0
        for lang in langs:
            mask = np.array([o["answerable"] and o["lang"] == lang for o in outcomes])
            decided = np.sort(prob[mask][~np.isnan(prob[mask])])
            allowed = int(share * mask.sum())
            if decided.size:
                best = min(best, float(decided[allowed]) if allowed < decided.size else 1.0)
        return round(best, 6)
    gain = lambda t: min(np.mean([refused_at(prob, outcomes, t, lang, False, kind) for kind in kinds])  # noqa: E731
                         - refused_at(prob, outcomes, t, lang, True) for lang in langs)
    return float(max(np.round(np.linspace(0, 1, 201), 3), key=gain))


def choose_modes(prob: np.ndarray, outcomes: list[dict], rules: dict[str, Rule] | None = None,
                 fit_curve: tuple[np.ndarray, list[dict]] | None = None) -> dict[str, float]:
    """Each mode's threshold by its rule (`fit_curve`: the curve a rule ending in @fit reads),
    careful >= balanced >= eager."""
    chosen = {}
    for mode, r in (rules or RULES).items():
        r = Rule(*r)
        chosen[mode] = threshold(r, *(fit_curve if r.scope == "fit" and fit_curve else (prob, outcomes)))
    chosen["balanced"] = min(chosen["balanced"], chosen["careful"])
    chosen["eager"] = min(chosen["eager"], chosen["balanced"])
    return chosen


def figures(prob: np.ndarray, thresholds: dict, outcomes: list[dict]) -> dict:
    """Per mode and language: answerable refused, right (lenient), unanswerable refused."""
    out = {}
    for mode, t in thresholds.items():
        for lang in sorted({o["lang"] for o in outcomes}):
            ans = [i for i, o in enumerate(outcomes) if o["lang"] == lang and o["answerable"]]
            shown = [i for i in ans if not np.isnan(prob[i]) and prob[i] >= t]
            out[f"{mode} {lang} answerable refused"] = round(refused_at(prob, outcomes, t, lang, True), 4)
            out[f"{mode} {lang} right"] = round(sum(bool(outcomes[i]["draft_lenient"]) for i in shown) / max(1, len(ans)), 4)
            out[f"{mode} {lang} unanswerable refused"] = round(refused_at(prob, outcomes, t, lang, False), 4)
    return out
