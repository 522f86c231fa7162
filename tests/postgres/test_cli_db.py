"""`rag users` against the database when database_url is set, and `rag db import-accounts`: the users
file and the audit log copied in, counted, safe to run again."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from rag.access.audit import FileAudit
from rag.access.backend import accounts_of, audit_of
from rag.access.userfile import FileAccounts
from rag.cli import main
from rag.settings import Settings

pytestmark = pytest.mark.postgres


@pytest.fixture
def env(upgraded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """RAG_DATABASE_URL set, and the files that would be used without it in tmp_path."""
    settings = tmp_path / "settings.toml"
    settings.write_text(f"users_file = {str(tmp_path / 'users.json')!r}\naudit_log = {str(tmp_path / 'audit.log')!r}\n",
                        encoding="utf-8")
    monkeypatch.setenv("RAG_SETTINGS", str(settings))
    monkeypatch.setenv("RAG_DATABASE_URL", upgraded)
    return Settings.load()


def test_rag_users_works_on_the_database_and_leaves_the_file_alone(env: Settings, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    assert main(["users", "add", "sari", "--role", "editor"]) == 0
    assert f"to {env.database_url}" in capsys.readouterr().out
    assert main(["users", "key", "sari"]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["users", "list"]) == 0 and "sari                 editor  1 API key(s)" in capsys.readouterr().out
    assert accounts_of(env).by_key(key).name == "sari" and not (tmp_path / "users.json").exists()


def _files(tmp_path: Path) -> None:
    users = FileAccounts(tmp_path / "users.json")
    users.add("sari", "admin", "correct horse")
    users.add("budi", "reader", "battery staple")
    users.new_key("budi")
    log = FileAudit(tmp_path / "audit.log")
    log.record("sari", "ui", "keep", "e1", "a.txt", sha256="a" * 64)
    log.record("sari", "cli", "remove", "e1", "a.txt", sha256="a" * 64)


def test_import_accounts_copies_users_keys_and_audit_and_counts_them(env: Settings, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture) -> None:
    _files(tmp_path)
    key = FileAccounts(tmp_path / "users.json").new_key("sari")
    assert main(["db", "import-accounts"]) == 0
    out = capsys.readouterr().out
    assert "users: 2 in" in out and "2 copied" in out and "audit records: 2 in" in out
    accounts = accounts_of(env)
    assert accounts.verify("budi", "battery staple").keys == 1 and accounts.by_key(key).name == "sari"
    assert accounts_of(env).keys("sari")[0].created == FileAccounts(tmp_path / "users.json").keys("sari")[0].created
    assert audit_of(env).read() == FileAudit(tmp_path / "audit.log").read()
    assert main(["db", "import-accounts"]) == 0  # again: nothing doubled
    assert "0 copied, 2 there already" in capsys.readouterr().out and len(audit_of(env).read()) == 2


def test_import_accounts_refuses_a_name_taken_with_another_password(env: Settings, tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture) -> None:
    _files(tmp_path)
    accounts_of(env).add("budi", "reader", "another password")
    assert main(["db", "import-accounts"]) == 2
    assert "has user(s) budi already" in capsys.readouterr().err
    assert [u.name for u in accounts_of(env).users()] == ["budi"] and audit_of(env).read() == []


def test_rag_db_without_database_url_says_how_to_set_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture) -> None:
    monkeypatch.delenv("RAG_DATABASE_URL", raising=False)
    assert main(["db", "status"]) == 2
    assert "database_url is not set" in capsys.readouterr().err
