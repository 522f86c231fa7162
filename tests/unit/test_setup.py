"""scripts/setup.sh picks Python 3.11 or stops before doing anything, saying how to fix it."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """scripts/setup.sh with only a fake `python3` (version 3.12) and `dirname` on PATH."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text("#!/bin/sh\necho 3.12\n")
    (fake / "python3").chmod(0o755)
    (fake / "dirname").symlink_to(shutil.which("dirname"))
    return subprocess.run([shutil.which("bash"), str(ROOT / "scripts" / "setup.sh")], capture_output=True, text=True,
                          env={"PATH": str(fake), "HOME": os.environ.get("HOME", "/tmp"), **env}, timeout=30)


def test_without_python_311_setup_stops_and_names_the_fix(tmp_path: Path) -> None:
    done = setup(tmp_path, {})
    assert done.returncode == 1
    assert "there is no python3.11, and python3 is 3.12" in done.stderr and "PYTHON=/path/to/python3.11" in done.stderr


def test_a_python_named_in_PYTHON_that_is_not_311_is_refused(tmp_path: Path) -> None:
    done = setup(tmp_path, {"PYTHON": "python3"})
    assert done.returncode == 1 and "PYTHON=python3 is Python 3.12, not 3.11" in done.stderr
