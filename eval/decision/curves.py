"""The decision's operating curve, its area and its reliability, from outcomes (as stored dicts) and
one probability each (NaN where nothing was weighed: refused before generation or by the reply checks).

Every refusal counts: an outcome is refused at threshold t when it was refused before the decision
(before generation or by the reply checks: no `confidence`) or its probability is below t.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..running.run import Outcome


def kind_of(o: dict | Outcome) -> str:
    """An outcome's kind (stored or an Outcome): its written kind, "removed" (its passage taken out) or "other"."""
    kind, ident = (o.get("kind"), o["id"]) if isinstance(o, dict) else (o.kind, o.id)
    return kind or ("removed" if ident.endswith("-x") else "other")


def family(kind: str) -> str:
    """"removed", "other", or "adversarial" for every kind written to mislead.

    >>> family("false_premise"), family("removed")
    ('adversarial', 'removed')
    """
    return kind if kind in ("removed", "other") else "adversarial"


def selected(outcomes: list[dict], lang: str | None = None, answerable: bool | None = None,
             kind: str | None = None) -> list[int]:
    """Indexes of the outcomes of `lang`, answerable or not, and of `kind` ("removed", "adversarial": any
    written kind, or one kind's name)."""
    def keep(o: dict) -> bool:
        k = kind_of(o)
        wanted = kind in (None, k, family(k))
        return (lang in (None, o["lang"])) and (answerable in (None, o["answerable"])) and (o["answerable"] or wanted)
    return [i for i, o in enumerate(outcomes) if keep(o)]


def weighed(o: dict) -> bool:
    """Did the decision weigh this outcome's answer (it passed the gate and the reply checks)?"""
    return o.get("confidence") is not None and bool(o.get("signals"))


def shown(prob: np.ndarray, outcomes: list[dict], t: float) -> np.ndarray:
    ok = np.array([weighed(o) for o in outcomes]) & ~np.isnan(prob)
    return ok & (np.nan_to_num(prob, nan=-1.0) >= t)


def refused_at(prob: np.ndarray, outcomes: list[dict], t: float, lang: str | None, answerable: bool,
               kind: str | None = None) -> float:
    idx = selected(outcomes, lang, answerable, kind)
    return float(1 - shown(prob, outcomes, t)[idx].mean()) if idx else float("nan")


def curve(prob: np.ndarray, outcomes: list[dict], lang: str | None = None, kind: str | None = None,
          points: int = 101) -> tuple[np.ndarray, np.ndarray]:
    """(answerable refused, unanswerable refused) at thresholds 0 .. 1."""
    ts = np.linspace(0, 1, points)
    a = np.array([refused_at(prob, outcomes, t, lang, True) for t in ts])
    u = np.array([refused_at(prob, outcomes, t, lang, False, kind) for t in ts])
    return a, u


def auc(prob: np.ndarray, outcomes: list[dict], lang: str | None = None, kind: str | None = None) -> float:
    """Area under the ROC curve of answerable against unanswerable questions by the probability
    (refused before the decision: below every probability); 0.5 is chance."""
    score = np.where(shown(prob, outcomes, 0.0), np.nan_to_num(prob, nan=-1.0), -1.0)
    pos = score[selected(outcomes, lang, True)]
    neg = score[[i for i in selected(outcomes, lang, False, kind)]]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def reliability(prob: np.ndarray, outcomes: list[dict], bins: int = 10) -> list[tuple[float, float, int]]:
    """Per probability bin of the answers weighed: (mean probability, share right, count). Right: the
    question is answerable and the answer lenient-correct."""
    idx = [i for i in range(len(outcomes)) if weighed(outcomes[i]) and not np.isnan(prob[i])]
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        members = [i for i in idx if lo <= prob[i] < hi or (b == bins - 1 and prob[i] == 1.0)]
        if members:
            right = [bool(outcomes[i]["answerable"] and outcomes[i].get("draft_lenient")) for i in members]
            out.append((float(np.mean(prob[members])), float(np.mean(right)), len(members)))
    return out
