"""Answer modes from one run (eval.decision.modes), the decision's curve and area (eval.decision.curves), and how the
modes' thresholds are read off the dev curve (eval.decision.fit)."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from eval.decision.curves import auc, curve, refused_at, reliability
from eval.decision.fit import choose_modes, fit
from eval.decision.modes import as_decider, by_mode, decided, probabilities
from eval.running.run import Outcome, from_dict
from rag.answer.decide import Decider
from rag.types import Signals

BASE = Signals(refusal_prob=0.1, mean_logprob=-0.2, min_logprob=-1.0, best_dense=0.9, top_score=0.9, margin=0.1,
               names_found=1.0, words_found=1.0, answer_support=1.0, cross_language=0.0, answer_words=4.0,
               asked_in_source=1.0, sentence_match=0.9, best_sentence=0.9, type_match=1.0)


def outcome(n: int, answerable: bool, refusal: float, answered: bool = True, right: bool = True) -> Outcome:
    signals = dataclasses.asdict(dataclasses.replace(BASE, refusal_prob=refusal))
    return Outcome(id=f"q{n:03d}-id", lang="id", question="?", answerable=answerable, answered=answered,
                   correct=answered and answerable and right, lenient=answered and answerable and right,
                   citation_correct=answered if answerable else None, language_match=True if answered else None,
                   retrieval_rank=1, section="", text="Jawaban [2]." if answered else "Maaf.", expected=[],
                   citations=[2] if answered else [], seconds=1.0, confidence=0.5, draft="Jawaban [2].",
                   draft_lenient=answerable and right, signals=signals, draft_correct=answerable and right,
                   draft_citation_correct=answerable, draft_language_match=True, draft_citations=[2])


@pytest.fixture
def decider(tmp_path: Path) -> Decider:
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"features": ["refusal_prob"], "mean": [0.5], "scale": [0.1], "coef": [-3.0],
                                "intercept": 0.0, "threshold": 0.5,
                                "modes": {"careful": 0.9, "balanced": 0.5, "eager": 0.1}}))
    return Decider.load(path)


def test_a_mode_refuses_what_falls_below_its_threshold_and_keeps_the_rest(decider: Decider) -> None:
    runs = [outcome(1, True, 0.2), outcome(2, False, 0.5), outcome(3, False, 0.8)]
    modes = by_mode(runs, decider)
    assert [o.answered for o in modes["eager"]] == [True, True, False]
    assert [o.answered for o in modes["careful"]] == [True, False, False]
    refused = modes["careful"][1]
    assert refused.correct and refused.citations == [] and refused.text.startswith("Maaf")


def test_a_modes_gate_refuses_an_answer_whose_prompt_end_probe_is_below_it(decider: Decider) -> None:
    low, high = outcome(1, True, 0.2), outcome(2, True, 0.2)
    low.signals["probe_prompt"], high.signals["probe_prompt"] = 0.01, 0.5
    gated = dataclasses.replace(decider, gates=(("careful", 0.02), ("balanced", 0.02)))
    modes = by_mode([low, high], gated)
    assert [o.answered for o in modes["balanced"]] == [False, True] and modes["balanced"][0].confidence is None
    assert [o.answered for o in modes["eager"]] == [True, True]  # no gate there
    assert [o.answered for o in decided([low], gated.at("balanced"), threshold=0.0)] == [True]  # every answer shown


def test_a_draft_refused_in_the_run_is_shown_at_a_lower_threshold(decider: Decider) -> None:
    o = dataclasses.replace(outcome(1, True, 0.45), answered=False, correct=False, lenient=False, text="Maaf.")
    shown = decided([o], decider, threshold=0.1)[0]
    assert shown.answered and shown.correct and shown.lenient and shown.text == "Jawaban [2]." and shown.citations == [2]


def test_an_answer_never_weighed_stays_as_it_was(decider: Decider) -> None:
    o = dataclasses.replace(outcome(1, False, 0.5, answered=False), confidence=None)
    assert decided([o], decider, threshold=0.0) == [o]


def test_stored_outcomes_load_with_fields_a_newer_outcome_added() -> None:
    data = dataclasses.asdict(outcome(1, True, 0.2))
    del data["draft_citations"]
    assert from_dict({**data, "unknown_field": 1}).draft_citations is None


def _dicts(outcomes: list[Outcome]) -> list[dict]:
    return [dataclasses.asdict(o) for o in outcomes]


def test_the_curve_runs_from_answering_everything_to_refusing_everything() -> None:
    runs = _dicts([outcome(1, True, 0.1), outcome(2, False, 0.9)])
    prob = np.array([0.9, 0.2])
    a, u = curve(prob, runs, "id")
    assert (a[0], u[0]) == (0.0, 0.0) and (a[-1], u[-1]) == (1.0, 1.0)
    assert refused_at(prob, runs, 0.5, "id", True) == 0.0 and refused_at(prob, runs, 0.5, "id", False) == 1.0


def test_the_area_is_one_when_every_answerable_question_scores_above_every_unanswerable_one() -> None:
    runs = _dicts([outcome(1, True, 0.1), outcome(2, True, 0.2), outcome(3, False, 0.9)])
    assert auc(np.array([0.9, 0.8, 0.3]), runs) == 1.0
    assert auc(np.array([0.3, 0.3, 0.3]), runs) == 0.5


def test_reliability_bins_count_answers_and_their_share_right() -> None:
    runs = _dicts([outcome(1, True, 0.1), outcome(2, True, 0.1, right=False), outcome(3, False, 0.9)])
    bins = reliability(np.array([0.85, 0.82, 0.15]), runs)
    assert bins == [(pytest.approx(0.15), 0.0, 1), (pytest.approx(0.835), 0.5, 2)]


def test_modes_are_read_off_the_dev_curve_in_order() -> None:
    rng = np.random.default_rng(0)
    runs = _dicts([outcome(n, n % 2 == 0, float(rng.uniform(0, 0.6) if n % 2 == 0 else rng.uniform(0.3, 1)))
                   for n in range(200)])
    fitted = fit(runs, ("refusal_prob",), target="answerable")
    prob = probabilities(as_decider(fitted), runs)
    modes = choose_modes(prob, runs, {"careful": ("unanswerable", 0.97), "balanced": ("unanswerable", 0.90),
                                      "eager": ("answerable", 0.10)})
    assert modes["careful"] >= modes["balanced"] >= modes["eager"]
    assert refused_at(prob, runs, modes["careful"], "id", False) >= 0.97
    assert refused_at(prob, runs, modes["balanced"], "id", False) >= 0.90
    assert refused_at(prob, runs, modes["eager"], "id", True) <= 0.10
    default = choose_modes(prob, runs)  # careful: Youden's J; balanced, eager: answerable refused <= 0.20, 0.10
    gain = lambda t: refused_at(prob, runs, t, "id", False) - refused_at(prob, runs, t, "id", True)  # noqa: E731
    assert all(gain(default["careful"]) >= gain(t) for t in np.linspace(0, 1, 101))
    assert refused_at(prob, runs, default["balanced"], "id", True) <= 0.20


def test_a_rule_that_cannot_be_read_says_how_to_write_it() -> None:
    import argparse

    from eval.decision.fit import rule

    with pytest.raises(argparse.ArgumentTypeError, match="unanswerable>=SHARE"):
        rule("unanswerable<=0.9")


def test_a_model_rule_counts_only_the_models_refusals_and_at_fit_reads_the_fits_curve() -> None:
    from eval.decision.fit import rule

    runs = _dicts([outcome(n, True, 0.1) for n in range(10)] + [outcome(10, False, 0.9)])
    runs[0]["confidence"] = None  # refused before the model: not the model's refusal
    prob = np.array([np.nan] + [0.1 * n for n in range(1, 10)] + [0.05])
    assert choose_modes(prob, runs, {m: rule("model<=0.2") for m in ("careful", "balanced", "eager")})["balanced"] == 0.3
    other = (np.array([0.5] * 10 + [0.05]), runs)
    modes = choose_modes(prob, runs, {"careful": rule("answerable<=1"), "balanced": rule("model<=0.2@fit"),
                                      "eager": rule("answerable<=0")}, fit_curve=other)
    assert modes["balanced"] == 0.5 and modes["eager"] == 0.0


def test_floors_on_the_decision_fail_when_it_is_replaced_by_the_reply_checks_alone() -> None:
    """What tests/eval/test_news_sample.py asserts on a live sample, here on the stored held-out run
    (the adversarial items of the news held-out run split by passage):
    the shipped model's careful and balanced refuse more than the checks alone; a model whose every
    mode is 0 (the checks alone) does not."""
    from eval.decision.modes import refusals

    root = Path(__file__).resolve().parents[2]
    stored = json.loads((root / "docs" / "eval" / "verify" / "heldout-news.json").read_text(encoding="utf-8"))
    runs = [from_dict(o) for o in stored["hybrid"]["outcomes"] if o.get("kind") not in (None, "", "removed")]
    sample = runs  # 84 per language (on the first 15 per language balanced adds none: 14 and 14)
    shipped = Decider.load()
    counts = refusals(sample, shipped)
    assert counts["careful"] > counts["checks alone"] and counts["balanced"] > counts["checks alone"]
    none = dataclasses.replace(shipped, modes=tuple((m, 0.0) for m, _ in shipped.modes))
    counts = refusals(sample, none)
    assert counts["careful"] == counts["balanced"] == counts["checks alone"]


def test_compare_decides_with_each_models_gate(decider: Decider) -> None:
    from eval.decision.compare import decide

    low, high = outcome(1, True, 0.2), outcome(2, True, 0.2)
    low.signals["probe_prompt"], high.signals["probe_prompt"] = 0.01, 0.5
    rows = [dataclasses.asdict(low), dataclasses.asdict(high)]
    gated = dataclasses.replace(decider, gates=(("balanced", 0.02),))
    assert [shown for shown, _ in decide(decider.at("balanced"), rows)] == [True, True]
    assert decide(gated.at("balanced"), rows)[0] == (False, None) and decide(gated.at("balanced"), rows)[1][0]


def test_citation_precision_is_read_strictly_and_leniently(monkeypatch: pytest.MonkeyPatch) -> None:
    from eval.decision import evidence
    from rag import Settings

    monkeypatch.setattr(evidence, "texts", lambda corpus, s: {1: evidence.plain("Menteri Pertanian Anton Apriyantono."),
                                                              2: evidence.plain("Harga beras naik."), 3: " x "})
    rows = [{"id": "a", "answerable": True, "gold_paragraphs": [3], "citations": [1, 2]},
            {"id": "b", "answerable": True, "gold_paragraphs": [3], "citations": [3]},
            {"id": "c", "answerable": False, "gold_paragraphs": [], "citations": [2]}]
    got = evidence.precision(rows, [True, True, True], {"a": ("f",), "b": ("f",), "c": ("f",)},
                             {"a": [["Anton Apriyantono"]], "b": [["x"]], "c": []}, Settings())
    assert (got["cited"], got["gold_passage"], got["states_a_gold_span"]) == (3, 1, 2)
