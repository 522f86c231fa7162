"""The answerability model: loading the shipped JSON, its probabilities, its errors."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from rag.answer.decide import DEFAULT_MODEL, FEATURES, Decider, measure
from rag.errors import SettingsError
from rag.generators import Trace
from rag.types import Hit, Paragraph, Retrieval, Signals

SIGNALS = Signals(refusal_prob=0.2, mean_logprob=-0.3, min_logprob=-2.0, best_dense=0.85, top_score=0.88,
                  margin=0.02, names_found=1.0, words_found=0.5, answer_support=1.0, cross_language=0.0,
                  answer_words=4.0, asked_in_source=1.0, sentence_match=0.8, best_sentence=0.85, type_match=1.0)


def write(tmp_path: Path, **fields) -> Path:
    data = {"features": ["refusal_prob", "best_dense"], "mean": [0.5, 0.8], "scale": [0.25, 0.05],
            "coef": [-2.0, 1.0], "intercept": 0.5, "threshold": 0.4} | fields
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    return path


def test_the_shipped_model_loads_and_names_known_signals() -> None:
    d = Decider.load()
    assert set(d.features) <= set(FEATURES) and 0.0 <= d.threshold <= 1.0
    data = json.loads(DEFAULT_MODEL.read_text())
    assert data["features"] == list(d.features)
    z = data["intercept"] + sum(c * (getattr(SIGNALS, f) - m) / s
                                for f, c, m, s in zip(data["features"], data["coef"], data["mean"], data["scale"])
                                if not math.isnan(getattr(SIGNALS, f)))  # one not measured weighs as its mean
    assert d.probability(SIGNALS) == pytest.approx(1 / (1 + math.exp(-z)))  # each signal weighed by its own name


def test_probability_is_the_logistic_of_the_scaled_signals(tmp_path: Path) -> None:
    d = Decider.load(write(tmp_path))
    z = 0.5 - 2.0 * (0.2 - 0.5) / 0.25 + 1.0 * (0.85 - 0.8) / 0.05
    assert d.probability(SIGNALS) == pytest.approx(1 / (1 + math.exp(-z)))


def test_a_threshold_override_replaces_the_models_own(tmp_path: Path) -> None:
    assert Decider.load(write(tmp_path), threshold=0.9).threshold == 0.9


@pytest.mark.parametrize("fields,match", [
    ({"features": ["refusal_prob", "no_such_signal"]}, "does not match"),
    ({"coef": [1.0]}, "does not match"),
])
def test_a_model_that_does_not_fit_this_version_is_refused(tmp_path: Path, fields: dict, match: str) -> None:
    with pytest.raises(SettingsError, match=match):
        Decider.load(write(tmp_path, **fields))


def test_a_missing_or_broken_model_file_says_which(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot read the answerability model"):
        Decider.load(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(SettingsError, match="bad.json"):
        Decider.load(tmp_path / "bad.json")


def test_measure_reads_retrieval_decoding_and_the_answers_support() -> None:
    p1 = Paragraph(2, "news.txt", "", "Presiden Susilo Bambang Yudhoyono tiba di Missouri pada 12/9.", language="id")
    p2 = Paragraph(3, "news.txt", "", "Rapat kabinet dilakukan setiap hari.", language="id")
    found = Retrieval([Hit(p1, 0.9, 0.86), Hit(p2, 0.8, 0.8)], 0.86)
    s = measure("When did Yudhoyono arrive in Missouri?", "On 12/9 [2].", "en", found, found.hits,
                Trace(0.3, (-0.1, -0.5)))
    assert (s.refusal_prob, s.mean_logprob, s.min_logprob) == (0.3, pytest.approx(-0.3), -0.5)
    assert (s.best_dense, s.top_score, s.margin) == (0.86, 0.9, pytest.approx(0.1))
    assert s.names_found == 1.0 and s.answer_support == 1.0 and s.cross_language == 1.0
    unsupported = measure("When did Yudhoyono arrive in Missouri?", "On 14/10 [2].", "en", found, found.hits, None)
    assert unsupported.answer_support == 0.0 and unsupported.refusal_prob != unsupported.refusal_prob  # NaN: unknown


def test_each_answer_mode_decides_at_its_own_threshold(tmp_path: Path) -> None:
    path = write(tmp_path, modes={"careful": 0.8, "balanced": 0.5, "eager": 0.2})
    assert [Decider.load(path, mode=m).threshold for m in ("careful", "balanced", "eager")] == [0.8, 0.5, 0.2]
    assert Decider.load(path).threshold == 0.5  # balanced by default
    assert Decider.load(path, threshold=0.3, mode="careful").threshold == 0.3  # answer_threshold wins
    assert Decider.load(path).at("eager").threshold == 0.2


def test_a_model_without_modes_keeps_its_threshold_in_every_mode(tmp_path: Path) -> None:
    assert Decider.load(write(tmp_path), mode="careful").threshold == 0.4


def test_an_unknown_mode_is_refused_with_the_choices(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="careful, balanced, eager"):
        Decider.load(write(tmp_path)).at("reckless")



def test_the_shipped_model_has_three_ordered_modes_and_balanced_is_the_default() -> None:
    shipped = Decider.load()
    modes = dict(shipped.modes)
    assert set(modes) == {"careful", "balanced", "eager"}
    assert modes["careful"] >= modes["balanced"] >= modes["eager"]
    assert shipped.threshold == modes["balanced"] == Decider.load(mode="balanced").threshold
    assert Decider.load(mode="careful").threshold == modes["careful"]
