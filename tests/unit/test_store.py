"""The database setting and its errors, without a server: database_url from the file or the
environment, the files when it is empty, and messages that say what to do (rag.store.db)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rag.access.audit import FileAudit
from rag.access.backend import accounts_of, audit_of, limiter_of
from rag.access.limits import LoginLimiter
from rag.access.userfile import FileAccounts
from rag.errors import DatabaseError, SettingsError
from rag.settings import Settings
from rag.store.db import Database, _hint, shown


def test_database_url_comes_from_the_environment_over_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "rag.toml"
    path.write_text('database_url = "postgresql://rag@filehost/rag"\n', encoding="utf-8")
    assert Settings.load(path).database_url == "postgresql://rag@filehost/rag"
    monkeypatch.setenv("RAG_DATABASE_URL", "postgresql://rag@envhost/rag")
    assert Settings.load(path).database_url == "postgresql://rag@envhost/rag"
    assert Settings.load(path, database_url="postgresql://rag@flag/rag").database_url == "postgresql://rag@flag/rag"


def test_a_database_url_that_is_not_postgresql_is_refused() -> None:
    with pytest.raises(SettingsError, match="database_url must be a PostgreSQL URL"):
        Settings(database_url="sqlite:///rag.db")


def test_no_database_url_keeps_the_files_and_memory(tmp_path: Path) -> None:
    s = Settings(cache_dir=str(tmp_path))
    assert isinstance(accounts_of(s), FileAccounts) and accounts_of(s).where == str(tmp_path / "users.json")
    assert isinstance(audit_of(s), FileAudit) and audit_of(s).where == str(tmp_path / "audit.log")
    assert isinstance(limiter_of(s), LoginLimiter)


def test_messages_never_show_the_password() -> None:
    assert shown("postgresql://rag:s3cret@db:5432/rag") == "postgresql://rag:***@db:5432/rag"
    assert shown("postgresql://rag@db/rag") == "postgresql://rag@db/rag"
    assert "s3cret" not in repr(Database("postgresql://rag:s3cret@db/rag"))


def test_a_missing_psycopg_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    with pytest.raises(DatabaseError, match=r"needs psycopg 3: pip install 'psycopg\[binary\]"):
        Database("postgresql://rag@127.0.0.1:1/rag").one("SELECT 1")


@pytest.mark.parametrize("message,hint", [
    ('connection to server at "127.0.0.1", port 1 failed: Connection refused', "is the server running"),
    ('FATAL:  password authentication failed for user "rag"', "check the user and password"),
    ('FATAL:  database "rag" does not exist', "createdb"),
])
def test_each_connection_failure_says_what_to_check(message: str, hint: str) -> None:
    assert hint in _hint(message)


def test_a_server_that_is_not_there_is_named_with_what_to_check() -> None:
    pytest.importorskip("psycopg", reason="psycopg not installed (pip install -e '.[postgres]')")
    from tests.postgres.cluster import free_port

    db = Database(f"postgresql://rag:s3cret@127.0.0.1:{free_port()}/rag")
    with pytest.raises(DatabaseError, match=r"cannot connect to PostgreSQL at postgresql://rag:\*\*\*@127.0.0.1:\d+/rag: "
                                            r".*is the server running") as caught:
        db.one("SELECT 1")
    assert "s3cret" not in str(caught.value)


def test_a_malformed_url_is_named() -> None:
    pytest.importorskip("psycopg", reason="psycopg not installed (pip install -e '.[postgres]')")
    with pytest.raises(DatabaseError, match="is not a valid PostgreSQL URL"):
        Database("postgresql://rag@127.0.0.1:1/rag?nosuchoption=1").one("SELECT 1")
