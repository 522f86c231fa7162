"""The confidence words' bands are set where answers are right often enough (eval.decision.bands)."""
from __future__ import annotations

import json

import numpy as np

from eval.decision.bands import lowest
from rag.answer.decide import Decider
from rag.types import Signals


def test_the_supported_band_starts_where_the_answers_above_are_right_often_enough() -> None:
    prob = np.array([0.99, 0.97, 0.95, 0.9, 0.8, 0.7, 0.6])
    right = np.array([True, True, True, True, False, True, False])
    assert lowest(prob, right, 0.95, 1.01, 2) == 0.9   # 4 of 4 right from 0.9; 4 of 5 from 0.8
    assert lowest(prob, right, 0.8, 0.9, 1) == 0.9     # below 0.9 no stretch is right 80% of the time: no band
    assert lowest(prob, right, 0.5, 0.9, 2) == 0.7     # 1 of 2 right between 0.7 and 0.9
    assert lowest(prob, right, 0.95, 1.01, 10) == 1.01  # too few answers anywhere: no band


def test_a_model_json_without_bands_uses_the_old_words_and_one_with_bands_its_own(tmp_path) -> None:
    model = {"features": ["best_dense"], "mean": [0.0], "scale": [1.0], "coef": [1.0], "intercept": 0.0,
             "threshold": 0.5}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model))
    assert Decider.load(path).band(0.85) == "supported"
    path.write_text(json.dumps({**model, "bands": {"supported": 0.97, "probable": 0.9, "uncertain": 0.0}}))
    d = Decider.load(path)
    assert (d.band(0.98), d.band(0.95), d.band(0.85)) == ("supported", "probable", "uncertain")


def test_an_answer_the_generators_check_said_no_to_is_called_unverified() -> None:
    d = Decider((), (), (), (), 0.0, 0.0)
    said_no = Signals(*([0.0] * 15), verified=0.2)
    assert d.band(0.99, said_no) == "unverified" and d.band(0.99, Signals(*([0.0] * 15), verified=0.9)) == "supported"


def test_read_gives_both_bands_and_the_probable_band_stops_where_the_top_starts() -> None:
    from eval.decision.bands import read

    prob = np.array([0.99, 0.97, 0.95, 0.9, 0.8, 0.7, 0.6])
    right = np.array([True, True, True, True, False, True, False])
    assert read(prob, right, (0.95, 0.5), 2) == {"supported": 0.9, "probable": 0.7, "uncertain": 0.0}
    assert read(prob, right, (0.95, 0.5), 10) == {"supported": 1.0, "probable": 1.0, "uncertain": 0.0}
