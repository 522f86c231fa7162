"""Accounts, API keys, the audit log and failed-login counts in PostgreSQL behave as the files do,
and every replica (another connection) sees them at once."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from rag.access.accounts import Accounts
from rag.access.audit import FileAudit
from rag.access.backend import accounts_of, audit_of, limiter_of
from rag.access.dblog import DbAudit, DbLimiter
from rag.access.dbusers import DbAccounts
from rag.errors import AccessError
from rag.settings import Settings
from rag.store.db import Database

pytestmark = pytest.mark.postgres


@pytest.fixture
def accounts(upgraded: str) -> Accounts:
    return accounts_of(Settings(database_url=upgraded))


def test_database_url_picks_the_database_for_accounts_audit_and_limits(upgraded: str) -> None:
    s = Settings(database_url=upgraded)
    assert (type(accounts_of(s)), type(audit_of(s)), type(limiter_of(s))) == (DbAccounts, DbAudit, DbLimiter)
    assert accounts_of(s).where == upgraded  # no password in it to hide


def test_a_user_logs_in_with_their_password_only(accounts: Accounts) -> None:
    assert not accounts.exists()
    accounts.add("sari", "editor", "correct horse")
    assert accounts.exists() and accounts.verify("sari", "correct horse").role == "editor"
    assert accounts.verify("sari", "wrong horse") is None and accounts.verify("nobody", "correct horse") is None


def test_only_argon2id_hashes_are_stored(accounts: DbAccounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    assert accounts.db.one("SELECT password FROM users")[0].startswith("$argon2id$")


def test_a_taken_name_is_refused(accounts: Accounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    with pytest.raises(AccessError, match="exists already"):
        accounts.add("sari", "admin", "correct horse")


def test_api_keys_are_stored_hashed_listed_and_revoked(accounts: DbAccounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    first, second = accounts.new_key("sari"), accounts.new_key("sari")
    assert accounts.by_key(first).name == "sari" and accounts.by_key(first + "x") is None
    assert accounts.db.one("SELECT count(*) FROM api_keys WHERE sha256 = %s", (first,))[0] == 0
    ids = [k.id for k in accounts.keys("sari")]
    assert len(ids) == 2 and accounts.get("sari").keys == 2
    assert accounts.revoke("sari", ids[0].upper()) == 1 and accounts.by_key(first) is None and accounts.by_key(second)
    with pytest.raises(AccessError, match="has no API key"):
        accounts.revoke("sari", ids[0])
    assert accounts.revoke("sari") == 1 and accounts.keys("sari") == []


def test_passwd_revokes_the_keys_and_changes_the_stamp(accounts: Accounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    key, stamp = accounts.new_key("sari"), accounts.stamp("sari")
    assert accounts.passwd("sari", "battery staple") == 1
    assert accounts.by_key(key) is None and accounts.stamp("sari") != stamp
    assert accounts.verify("sari", "battery staple") and accounts.verify("sari", "correct horse") is None


def test_removing_a_user_removes_their_keys(accounts: DbAccounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    key = accounts.new_key("sari")
    accounts.remove("sari")
    assert accounts.users() == [] and accounts.by_key(key) is None and accounts.stamp("sari") is None
    assert accounts.db.one("SELECT count(*) FROM api_keys")[0] == 0
    for act in (lambda: accounts.remove("sari"), lambda: accounts.new_key("sari"), lambda: accounts.keys("sari")):
        with pytest.raises(AccessError, match="no user 'sari'"):
            act()


def test_another_replica_sees_a_change_at_once(upgraded: str, accounts: Accounts) -> None:
    other = DbAccounts(Database(upgraded))  # a connection of its own, as another machine's
    accounts.add("sari", "admin", "correct horse")
    key = accounts.new_key("sari")
    assert other.by_key(key).role == "admin" and other.verify("sari", "correct horse")
    other.remove("sari")
    assert accounts.get("sari") is None


def test_the_audit_log_reads_as_the_file_does(upgraded: str, tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("hello", encoding="utf-8")
    db_log, file_log = audit_of(Settings(database_url=upgraded)), FileAudit(tmp_path / "audit.log")
    for log in (db_log, file_log):
        log.record("sari", "ui", "keep", "e1", "a.txt", doc)
        log.record("", "api", "remove", "e1", "a.txt", sha256="abc")
    assert db_log.read() == file_log.read()
    assert db_log.read()[1]["user"] == "(no login)" and len(db_log.read()[0]["sha256"]) == 64


def test_failed_logins_are_counted_across_replicas(upgraded: str) -> None:
    one, two = DbLimiter(Database(upgraded), limit=4, window=2.0), DbLimiter(Database(upgraded), limit=4, window=2.0)
    for limiter in (one, two, one):
        limiter.failed("sari", "10.0.0.1")
    assert one.wait("sari", "10.0.0.9") == 0 and two.message("sari", "10.0.0.1") == ""
    two.failed("sari", "10.0.0.2")  # the name's fourth failure, from another address
    assert 0 < one.wait("sari", "10.0.0.9") <= 2.0 and "Too many failed logins" in two.message("sari", "10.0.0.9")
    assert one.wait("budi", "10.0.0.2") == 0
    time.sleep(2.1)
    assert one.wait("sari", "10.0.0.1") == 0 and two.message("sari", "10.0.0.9") == ""
