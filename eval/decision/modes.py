"""Answer modes from one run: each outcome decided again at a mode's threshold.

A run with every answer shown (`answer_threshold = 0`, see docs/eval/README.md) holds, per question,
the best answer, its citations and the signals the decision weighs. The bot at any threshold shows
the same answers and refuses the rest, so each answer mode's figures come from that one run: an
outcome is refused where the model's probability is below the mode's threshold. The probability is
computed from the stored signals, so any fitted model (`rag/answer/answerability.json` or a
candidate) can be measured on a stored run.
"""
from __future__ import annotations

import dataclasses

import numpy as np

from rag.answer.decide import MODES, Decider
from rag.texts import LANGUAGES
from rag.types import Signals

from ..running.run import Outcome
from .curves import weighed


def signals_of(stored: dict) -> Signals:
    """Stored signals (an outcome's dict) as `Signals`; names this version does not know are left out."""
    return Signals(**{k: v for k, v in stored.items() if k in Signals.__dataclass_fields__})


def probability(decider: Decider, outcome: Outcome) -> float | None:
    """The model's probability for the outcome's answer; None when no answer was weighed (refused
    before generation, or by the reply checks)."""
    if outcome.signals is None or outcome.confidence is None:
        return None
    return decider.probability(signals_of(outcome.signals))


def probabilities(decider: Decider, outcomes: list[dict]) -> np.ndarray:
    """The model's probability per stored outcome (`Decider.probability` of its stored signals); NaN
    where no answer was weighed."""
    return np.array([decider.probability(signals_of(o["signals"])) if weighed(o) else np.nan for o in outcomes],
                    dtype=float)


def as_decider(fitted: dict) -> Decider:
    """A fitted model as its JSON holds it (`eval.decision.fit`) as a Decider at its threshold."""
    return Decider(tuple(fitted["features"]), tuple(fitted["mean"]), tuple(fitted["scale"]), tuple(fitted["coef"]),
                   fitted["intercept"], fitted.get("threshold", 0.0))


def decided(outcomes: list[Outcome], decider: Decider, threshold: float | None = None) -> list[Outcome]:
    """The outcomes as the bot decides them at `threshold` (default: the decider's own, and its gate:
    an answer whose prompt-end probe is below it refused before its draft)."""
    cut = decider.threshold if threshold is None else threshold
    gate = decider.gate if threshold is None else 0.0
    out = []
    for o in outcomes:
        p = probability(decider, o)
        if gate and p is not None and gated(o.signals, gate):
            out.append(refused(o, None))
        elif p is None:
            out.append(o)
        elif p < cut:
            out.append(refused(o, round(p, 4)))
        else:
            out.append(dataclasses.replace(o if o.answered else shown(o), confidence=round(p, 4)))
    return out


def gated(signals: dict | None, gate: float) -> bool:
    """Whether the bot refuses an answer at its draft's first token: its stored prompt-end probe
    (`signals`, an outcome's) is below `gate`."""
    p = (signals or {}).get("probe_prompt", float("nan"))
    return p is not None and p == p and p < gate


def shown(o: Outcome) -> Outcome:
    """`o`'s draft as the bot shows it (a run at a higher threshold refused it)."""
    return dataclasses.replace(
        o, answered=True, text=o.draft, correct=bool(o.draft_correct), lenient=o.draft_lenient if o.answerable else False,
        citation_correct=bool(o.draft_citation_correct) if o.answerable else None,
        language_match=o.draft_language_match, citations=list(o.draft_citations or []))


def refused(o: Outcome, confidence: float | None) -> Outcome:
    """`o` as the bot shows it when it refuses."""
    return dataclasses.replace(
        o, answered=False, correct=not o.answerable, lenient=not o.answerable,
        citation_correct=False if o.answerable else None, language_match=None,
        text=LANGUAGES[o.lang].not_found if o.lang in LANGUAGES else "", citations=[], confidence=confidence)


def by_mode(outcomes: list[Outcome], decider: Decider) -> dict[str, list[Outcome]]:
    """Each answer mode's outcomes, careful first."""
    return {mode: decided(outcomes, decider.at(mode)) for mode in MODES}


def refusals(outcomes: list[Outcome], decider: Decider) -> dict[str, int]:
    """How many of `outcomes` (a run with every answer shown) the reply checks alone refuse (every
    answer past them shown), and each answer mode.

    The decision has earned a mode's refusals only beyond the checks' own: a floor on a mode that the
    checks alone meet says nothing about the decision."""
    counts = {"checks alone": sum(not o.answered for o in decided(outcomes, decider, threshold=0.0))}
    return counts | {mode: sum(not o.answered for o in outs) for mode, outs in by_mode(outcomes, decider).items()}
