"""A linear probe of the generator's own state where its first draft of an answer ends: its last
layer, or chosen middle layers (`layers`, block numbers; -1 the last layer), read by llama.cpp.

Fitted on dev runs by `python -m eval.decision.probe` (scikit-learn logistic regression, shipped as JSON: the
state's mean and scale, coefficients, intercept; no pickle). Its output, P(right), is a signal of the
decision (`Signals.probe`) when the decision's model weighs it; NaN where no state was read (another
backend). Reading the state costs one token evaluated again (~0.04 s with the 1.5B on two cores).
A second probe (`Signals.probe_prompt`, `probe_prompt.json`) reads the state where the answer's prompt
ends, before a token is written; its rows are caught while the prompt is evaluated (no extra cost).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import SettingsError

DEFAULT_PROBE = Path(__file__).resolve().parent / "probe.json"
PROMPT_PROBE = Path(__file__).resolve().parent / "probe_prompt.json"
# signal -> (the generator's switch that reads its state, where it keeps that state, the probe's file)
PROBES = {"probe": ("answer_states", "answer_state", DEFAULT_PROBE),
          "probe_prompt": ("prompt_states", "prompt_state", PROMPT_PROBE)}
Layers = tuple[int, ...]


def pick(state: np.ndarray, read: Layers, layers: Layers) -> np.ndarray:
    """The rows of `layers` from a state holding those of `read`, one after another.

    >>> pick(np.arange(6.0), (7, 14, -1), (-1, 7)).tolist()
    [4.0, 5.0, 0.0, 1.0]
    """
    rows = state.reshape(len(read), -1)
    return np.concatenate([rows[read.index(n)] for n in layers])


@dataclass(frozen=True)
class StateProbe:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    layers: Layers = (-1,)

    def score(self, state: np.ndarray | None, read: Layers = (-1,)) -> float:
        """P(right) from a state holding the rows of the layers `read`, one after another (NaN for
        none, one missing a layer of the probe's, or one of another size).

        >>> p = StateProbe(np.zeros(2), np.ones(2), np.array([1.0, -1.0]), 0.0)
        >>> round(p.score(np.array([2.0, 0.0])), 3), math.isnan(p.score(None))
        (0.881, True)
        >>> round(p.score(np.array([9.0, 9.0, 2.0, 0.0]), (14, -1)), 3), math.isnan(p.score(np.zeros(2), (14,)))
        (0.881, True)
        """
        if state is None or state.size % max(1, len(read)) or not set(self.layers) <= set(read):
            return float("nan")
        state = pick(state, read, self.layers)
        if state.shape != self.mean.shape:
            return float("nan")
        z = self.intercept + float(((state.astype(np.float64) - self.mean) / self.scale) @ self.coef)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@lru_cache(maxsize=4)
def load(path: Path = DEFAULT_PROBE) -> StateProbe | None:
    """The probe at `path`; None when there is none."""
    if not Path(path).is_file():
        return None
    try:
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        return StateProbe(np.array(d["mean"]), np.array(d["scale"]), np.array(d["coef"]), float(d["intercept"]),
                          tuple(d.get("layers", [-1])))
    except (OSError, ValueError, KeyError) as exc:
        raise SettingsError(f"cannot read the state probe {path}: {exc}") from exc


def wanted(features: tuple[str, ...], generator: object) -> dict[str, StateProbe]:
    """The shipped probes the decision weighs, by signal: `probe` (the state where each first draft
    ends) and `probe_prompt` (where its prompt ends, before a token is written). The generator is asked
    to read those states, with the probes' layers (only llama.cpp can). A decision that weighs a probe
    none ships is an error."""
    found = {}
    for name in (n for n in features if n in PROBES):
        flag, _, path = PROBES[name]
        found[name] = load(path)
        if found[name] is None:
            raise SettingsError(f"the answerability model weighs the state probe {name!r}, but {path} is missing")
        if hasattr(generator, flag):
            setattr(generator, flag, True)
            have = tuple(getattr(generator, "answer_layers", (-1,)))
            generator.answer_layers = have + tuple(n for n in found[name].layers if n not in have)
    return found


def read(probes: dict[str, StateProbe], generator: object) -> dict[str, float]:
    """Each probe's P(right) from the states the generator read for this thread's last answer (NaN
    for one not read)."""
    layers = tuple(getattr(generator, "answer_layers", (-1,)))
    return {name: p.score(getattr(generator, PROBES[name][1], None), layers) for name, p in probes.items()}
