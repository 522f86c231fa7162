"""The shipped answerability model is what its recorded command makes from the stored dev runs
(`python -m eval.decision.fit --again rag/answer/answerability.json`), and its JSON says what it is a
probability of. Whatever model is shipped next, these hold as long as it was made by eval.decision.fit."""
from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from eval.decision.fit import main, sha256
from rag.answer.decide import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
RECORD = SHIPPED["fitted"]


def test_the_shipped_model_names_its_target_and_what_its_probability_means() -> None:
    assert RECORD["target"] in ("answerable", "right")
    assert RECORD["meaning"].startswith("P(the " + ("question is answerable" if RECORD["target"] == "answerable" else "answer is right"))
    assert f"--target {RECORD['target']}" in RECORD["command"]
    assert f"--features {','.join(SHIPPED['features'])}" in RECORD["command"]  # never the default, which grows


def test_the_runs_it_was_fitted_on_are_stored_unchanged() -> None:
    for group in (RECORD["runs"], RECORD["modes"]["runs"]):
        for path, digest in group.items():
            assert (ROOT / path).exists(), f"{path} is gone: the shipped model cannot be made again"
            assert sha256(ROOT / path) == digest, f"{path} changed since the fit (resignalled?): store the run as fitted"


def test_the_recorded_command_makes_the_shipped_file_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    argv = shlex.split(RECORD["command"])
    assert argv[:3] == ["python", "-m", "eval.decision.fit"]
    monkeypatch.chdir(ROOT)  # the recorded paths are relative to the repository
    out = tmp_path / "again.json"
    main(argv[3:] + ["--out", str(out)])
    again = json.loads(out.read_text(encoding="utf-8"))
    if again["fitted"]["versions"] == RECORD["versions"]:
        assert out.read_bytes() == DEFAULT_MODEL.read_bytes()
    for key in ("features", "mean", "scale", "coef", "intercept", "threshold", "modes"):
        assert again[key] == pytest.approx(SHIPPED[key], abs=1e-6), key
    assert {k: v for k, v in again["fitted"].items() if k != "versions"} == \
        {k: v for k, v in RECORD.items() if k != "versions"}


def test_again_runs_the_recorded_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "m.json"
    model.write_text(json.dumps({"fitted": {"command": RECORD["command"]}}), encoding="utf-8")
    monkeypatch.chdir(ROOT)
    main(["--again", str(model), "--out", str(tmp_path / "again.json")])
    assert json.loads((tmp_path / "again.json").read_text())["coef"] == SHIPPED["coef"]


def test_a_fit_without_target_or_features_says_what_to_give(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["docs/eval/news-dev-collect.json"])
    assert "give --target, --features" in capsys.readouterr().err


def test_the_shipped_model_ranks_answerable_questions_above_unanswerable_ones_on_its_runs() -> None:
    """On the runs its modes were read from (the shipped model: AUC 0.845 / 0.803 passage removed,
    0.649 / 0.669 adversarial, id / en), not a coin's 0.5: a model with a sign or a feature out of
    place falls to or under it."""
    from eval.decision.curves import auc
    from eval.decision.fit import rows
    from eval.decision.modes import as_decider, probabilities

    runs = rows([ROOT / p for p in RECORD["modes"]["runs"]], RECORD["run"])
    prob = probabilities(as_decider(SHIPPED), runs)
    for lang in ("id", "en"):
        assert auc(prob, runs, lang, "removed") >= 0.75
        assert auc(prob, runs, lang, "adversarial") >= 0.6


def test_the_label_right_comes_from_todays_scoring_not_a_stored_flag(tmp_path: Path) -> None:
    from eval.decision.fit import label, rows

    stored = {"id": "v010-en", "lang": "en", "question": "How many categories?", "answerable": True,
              "answered": True, "text": "40 categories [164].", "draft": "40 categories [164].",
              "expected": [["10", "10 categories"]], "correct": False, "lenient": True, "draft_lenient": True}
    run = tmp_path / "run.json"
    run.write_text(json.dumps({"hybrid": {"outcomes": [stored]}}), encoding="utf-8")
    assert label(rows([run], "hybrid", span=[run])[0], "right") == 0  # 40 is not 10, whatever the old flag said
    assert label(rows([run], "hybrid", span=[run])[0], "answerable") == 1


def test_a_gate_is_given_per_mode_and_recorded_in_the_command(capsys: pytest.CaptureFixture) -> None:
    from eval.decision.fit import command, parser

    args = parser().parse_args(["r.json", "--target", "right", "--features", "probe", "--gate", "balanced=0.03",
                                "--gate", "careful=0.05"])
    assert args.gate == [("balanced", 0.03), ("careful", 0.05)]
    assert "--gate balanced=0.03 --gate careful=0.05" in command(args)
    with pytest.raises(SystemExit):
        parser().parse_args(["r.json", "--gate", "bold=0.1"])
    assert "not an answer mode" in capsys.readouterr().err


def test_bands_read_out_of_fold_and_their_shares_are_recorded_only_when_asked(capsys: pytest.CaptureFixture) -> None:
    from eval.decision.fit import command, parser

    base = ["r.json", "--target", "right", "--features", "probe", "--bands"]
    assert "--bands-curve" not in command(parser().parse_args(base))  # older models' commands stay as they were
    args = parser().parse_args([*base, "--bands-curve", "five-fold", "--band-shares", "0.95,0.84"])
    assert args.band_shares == (0.95, 0.84)
    assert "--bands --bands-curve five-fold --band-shares 0.95,0.84" in command(args)
    for wrong in ("0.8,0.95", "0.9", "a,b"):
        with pytest.raises(SystemExit):
            parser().parse_args([*base, "--band-shares", wrong])
    assert "TOP,PROBABLE" in capsys.readouterr().err
