"""The package's architecture is a contract (`[tool.importlinter]` in pyproject.toml): imports run one
way, from the API and the commands through the stages to the basics, with no import circles (type-only
imports included). A back-import fails here with its name."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STAGES = ("documents", "indexing", "search", "generators", "answer", "cli")


def lint(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` over the packages under `root`, with the project's contracts."""
    return subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
                           "--config", str(root / "pyproject.toml"), "--no-cache"],
                          cwd=root, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def test_the_import_contracts_hold() -> None:
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The packages and the contracts, copied, so that a test can add a back-import."""
    for name in ("rag", "ui", "eval", "bench"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.jsonl", "*.txt"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.parametrize(("module", "line", "broken"), [
    ("rag/documents/corpus.py", "from ..answer import prompt", "rag: API and commands"),   # a basic stage reaching up
    ("rag/search/retrieve.py", "from ..generators import Usage", "rag: API and commands"),  # siblings kept apart
    ("rag/answer/flow.py", "from ..bot import Bot", "rag: API and commands"),               # the old circle with bot
    ("rag/types.py", "from eval.scoring import score", "rag never imports them"),          # the library reaching eval
    ("eval/scoring/score.py", "from ..running import run", "eval: the command"),           # scoring reaching up a stage
    ("eval/running/run.py", "from ..sets.build import split", "eval: the command"),         # running and the builders apart
])
def test_a_back_import_breaks_a_contract_by_name(copy: Path, module: str, line: str, broken: str) -> None:
    path = copy / module
    path.write_text(path.read_text(encoding="utf-8") + textwrap.dedent(f"""
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:  # a type-only import counts too
            {line}
        """), encoding="utf-8")
    done = lint(copy)
    assert done.returncode != 0
    assert broken in done.stdout and module.replace("/", ".").removesuffix(".py") in done.stdout


def test_a_circle_between_two_modules_is_refused(copy: Path) -> None:
    tables = copy / "eval" / "reporting" / "tables.py"  # report imports tables
    tables.write_text(tables.read_text(encoding="utf-8") + "\nfrom . import report  # noqa\n", encoding="utf-8")
    done = lint(copy)
    assert done.returncode != 0
    assert "No cycles are allowed in eval.reporting" in done.stdout and ".tables -> .report" in done.stdout


def test_each_stage_says_what_it_does_in_one_line() -> None:
    for stage in STAGES:
        doc = (ROOT / "rag" / stage / "__init__.py").read_text(encoding="utf-8").split('"""')[1]
        assert doc.strip() and len(doc.strip().splitlines()[0]) > 20, stage


def test_the_layout_in_how_it_works_names_every_module_of_rag() -> None:
    doc = (ROOT / "docs" / "how-it-works.md").read_text(encoding="utf-8")
    layout = doc.split("## Layout", 1)[1].split("```")[1]
    folders = {p.parent.name for p in (ROOT / "rag").rglob("__init__.py") if p.parent.name != "rag"}
    assert {f for f in folders if f"  {f}/" not in layout} == set()
    modules = {p.stem for p in (ROOT / "rag").rglob("*.py") if p.stem not in ("__init__", "__main__")}
    named = set(re.findall(r"[a-z_][a-z_0-9]*", layout))
    assert modules - named == set()


def test_eval_readme_names_every_folder_and_module_of_eval() -> None:
    doc = (ROOT / "eval" / "README.md").read_text(encoding="utf-8").split("## The folders", 1)[1]
    folders = {p.parent.relative_to(ROOT / "eval").name for p in (ROOT / "eval").rglob("__init__.py") if p.parent.name != "eval"}
    assert {f for f in folders if f"`{f}/`" not in doc} == set()
    modules = {p.stem for p in (ROOT / "eval").rglob("*.py") if p.stem != "__init__"}
    assert modules - set(re.findall(r"[a-z_]+", doc)) == set()
