"""The schema is made and migrated by the bot (`rag db upgrade`), versioned, and checked on open."""
from __future__ import annotations

import threading

import pytest

from rag.access.backend import accounts_of
from rag.cli import main
from rag.errors import DatabaseError
from rag.settings import Settings
from rag.store.db import Database
from rag.store.migrations import LATEST
from rag.store.schema import check, status, upgrade

pytestmark = pytest.mark.postgres


def test_a_new_database_has_version_0_and_is_refused_until_upgraded(database_url: str) -> None:
    db = Database(database_url)
    assert status(db).version == 0 and len(status(db).pending) == LATEST
    with pytest.raises(DatabaseError, match=r"schema version 0; this bot needs \d+: run `rag db upgrade`"):
        check(db)
    with pytest.raises(DatabaseError, match="rag db upgrade"):
        accounts_of(Settings(database_url=database_url))


def test_upgrade_applies_each_migration_once_and_records_it(database_url: str) -> None:
    db = Database(database_url)
    assert [m.version for m in upgrade(db)] == list(range(1, LATEST + 1))
    assert upgrade(db) == []
    check(db)
    assert [v for v, _, _ in status(db).applied] == list(range(1, LATEST + 1)) and not status(db).pending


def test_replicas_upgrading_at_once_apply_each_migration_once(database_url: str) -> None:
    applied: list[int] = []
    threads = [threading.Thread(target=lambda: applied.extend(m.version for m in upgrade(Database(database_url))))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(applied) == list(range(1, LATEST + 1))


def test_a_schema_newer_than_the_bot_says_to_update_the_bot(upgraded: str) -> None:
    db = Database(upgraded)
    db.execute("INSERT INTO schema_version (version, title) VALUES (%s, 'from the future')", (LATEST + 1,))
    with pytest.raises(DatabaseError, match="newer than this bot's .*update the bot"):
        check(db)
    with pytest.raises(DatabaseError, match="newer than this bot"):
        upgrade(db)


def test_rag_db_status_and_upgrade(database_url: str, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("RAG_DATABASE_URL", database_url)
    assert main(["db", "status"]) == 1
    assert "schema version 0" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "applied 1: accounts" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0 and "already current" in capsys.readouterr().out
    assert main(["db", "status"]) == 0
    assert f"schema version {LATEST} (this bot: {LATEST})" in capsys.readouterr().out
