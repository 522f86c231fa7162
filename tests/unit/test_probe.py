"""The state probe names the generator's layers it reads (rag.answer.probe), and a fit keeps them (eval.decision.probe)."""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from eval.decision import probe as fitting
from rag.answer import probe


def test_the_generator_is_asked_for_the_probes_layers_beside_those_it_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    found = probe.StateProbe(np.zeros(4), np.ones(4), np.ones(4), 0.0, layers=(17, 20))
    monkeypatch.setattr(probe, "load", lambda *a: found)
    generator = SimpleNamespace(answer_states=False, answer_layers=(-1,))
    assert probe.wanted(("probe",), generator) == {"probe": found}
    assert generator.answer_states and generator.answer_layers == (-1, 17, 20)
    state = np.array([9.0, 9.0, 1.0, 1.0, 2.0, 2.0])  # rows of -1, 17, 20
    assert found.score(state, generator.answer_layers) == pytest.approx(1 / (1 + math.exp(-6.0)))
    assert math.isnan(found.score(state[:2], (-1,)))  # the probe's layers were not read


def test_the_prompt_probe_asks_for_the_state_where_the_prompt_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = probe.StateProbe(np.zeros(2), np.ones(2), np.ones(2), 0.0, layers=(-1,))
    at_prompt = probe.StateProbe(np.zeros(2), np.ones(2), -np.ones(2), 0.0, layers=(17,))
    monkeypatch.setattr(probe, "load", lambda path: at_prompt if path == probe.PROMPT_PROBE else answer)
    generator = SimpleNamespace(answer_states=False, prompt_states=False, answer_layers=(-1,),
                                answer_state=np.array([1.0, 1.0, 0.0, 0.0]), prompt_state=np.array([0.0, 0.0, 1.0, 1.0]))
    found = probe.wanted(("probe_prompt", "best_dense"), generator)
    assert found == {"probe_prompt": at_prompt} and generator.prompt_states and not generator.answer_states
    assert generator.answer_layers == (-1, 17)
    assert probe.read(found, generator)["probe_prompt"] == pytest.approx(1 / (1 + math.exp(2.0)))
    found = probe.wanted(("probe", "probe_prompt"), generator)
    read = probe.read(found, generator)  # each from its own state: the answer's rows (-1, 17) = (1, 1, 0, 0)
    assert read["probe"] == pytest.approx(1 / (1 + math.exp(-2.0))) and read["probe_prompt"] < 0.5


def test_a_decision_weighing_a_probe_none_ships_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from rag.errors import SettingsError

    monkeypatch.setattr(probe, "load", lambda path: None)
    with pytest.raises(SettingsError, match="probe_prompt"):
        probe.wanted(("probe_prompt",), SimpleNamespace())


def test_a_probe_fitted_on_chosen_layers_records_them(tmp_path) -> None:  # noqa: ANN001
    rng = np.random.default_rng(0)
    outcomes, states = [], {}
    for i in range(60):
        right = i % 2 == 0
        outcomes.append({"id": f"t{i}-id", "answerable": True, "confidence": 0.5, "lenient": right,
                         "draft_lenient": right, "correct": right, "draft_correct": right})
        signal = 3.0 if right else -3.0
        states[f"t{i}-id"] = np.concatenate([rng.normal(0, 1, 4), rng.normal(signal, 1, 4)])[None, :]  # layers 7, 20
    np.savez(tmp_path / "s.npz", **states)
    fitted = fitting.fit({"outcomes": outcomes}, tmp_path / "s.npz", 0, saved=(7, 20), layers=(20,))
    assert fitted["layers"] == [20] and len(fitted["coef"]) == 4
    assert max(fitted["five_fold_auc"].values()) > 0.9  # the layer holding the signal
