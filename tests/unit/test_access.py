"""Accounts, roles, API keys, failed-login limits and the audit log (rag.access), and `rag users`."""
from __future__ import annotations

import hashlib
import io
import json
import stat
import threading
from pathlib import Path

import pytest

from rag.access import audit
from rag.access.accounts import Accounts, may
from rag.access.userfile import FileAccounts
from rag.access.limits import LoginLimiter
from rag.cli import main
from rag.errors import AccessError


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    return FileAccounts(tmp_path / "data" / "users.json")


def test_a_user_logs_in_with_their_password_only(accounts: Accounts) -> None:
    accounts.add("sari", "editor", "correct horse")
    assert accounts.verify("sari", "correct horse").role == "editor"
    assert accounts.verify("sari", "wrong horse") is None and accounts.verify("nobody", "correct horse") is None


def test_passwords_are_stored_only_as_argon2id_hashes_in_a_0600_file(accounts: Accounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    text = accounts.path.read_text()
    assert "correct horse" not in text and json.loads(text)["users"]["sari"]["password"].startswith("$argon2id$")
    assert stat.S_IMODE(accounts.path.stat().st_mode) == 0o600


def test_an_api_key_is_shown_once_stored_hashed_and_names_its_user(accounts: Accounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    key = accounts.new_key("sari")
    assert key.startswith("rk_") and key not in accounts.path.read_text()
    assert accounts.by_key(key).name == "sari" and accounts.by_key(key + "x") is None and accounts.by_key("abc") is None
    assert accounts.get("sari").keys == 1


def test_passwd_replaces_the_password_and_remove_drops_the_user(accounts: Accounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    accounts.passwd("sari", "battery staple")
    assert accounts.verify("sari", "correct horse") is None and accounts.verify("sari", "battery staple")
    accounts.remove("sari")
    assert accounts.users() == []


@pytest.mark.parametrize("name,role,password,match", [
    ("sari", "boss", "correct horse", "role 'boss' is not one of reader, editor, admin"),
    ("../x", "reader", "correct horse", "user name"),
    ("sari", "reader", "short", "at least 8 characters"),
])
def test_bad_accounts_are_refused_with_what_to_change(accounts: Accounts, name, role, password, match) -> None:
    with pytest.raises(AccessError, match=match):
        accounts.add(name, role, password)


def test_a_name_is_added_once(accounts: Accounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    with pytest.raises(AccessError, match="exists already"):
        accounts.add("sari", "admin", "correct horse")


def test_two_writers_at_once_lose_nothing(accounts: Accounts) -> None:
    threads = [threading.Thread(target=accounts.add, args=(f"user{i}", "reader", "correct horse")) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(accounts.users()) == 6


def test_a_broken_users_file_is_a_clear_error(accounts: Accounts) -> None:
    accounts.path.parent.mkdir(parents=True)
    accounts.path.write_text("{broken")
    with pytest.raises(AccessError, match="cannot be read"):
        accounts.users()


def test_each_role_may_what_the_roles_below_it_may() -> None:
    assert [may(r, "library") for r in ("reader", "editor", "admin")] == [False, True, True]
    assert [may(r, "users") for r in ("reader", "editor", "admin")] == [False, False, True]
    assert may("nobody", "ask") is False


def test_five_failures_a_minute_block_a_name_and_an_address() -> None:
    now = [0.0]
    limits = LoginLimiter(clock=lambda: now[0])
    for _ in range(5):
        assert limits.wait("sari", "10.0.0.1") == 0
        limits.failed("sari", "10.0.0.1")
    assert limits.wait("sari", "10.0.0.2") > 0      # the name, from anywhere
    assert limits.wait("budi", "10.0.0.1") > 0      # the address, for any name
    assert limits.wait("budi", "10.0.0.2") == 0
    assert "try again in 60 s" in limits.message("sari", "10.0.0.9")
    now[0] = 61.0
    assert limits.wait("sari", "10.0.0.1") == 0 and limits.message("sari", "10.0.0.1") == ""


def test_the_audit_log_appends_who_what_and_the_documents_hash(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("teks")
    audit.record(tmp_path / "audit.log", "sari", "ui", "keep", "e1", "a.txt", doc)
    audit.record(tmp_path / "audit.log", "budi", "api", "remove", "e1", "a.txt", sha256="abc")
    lines = audit.read(tmp_path / "audit.log")
    assert [(x["user"], x["action"]) for x in lines] == [("sari", "keep"), ("budi", "remove")]
    assert lines[0]["sha256"] == hashlib.sha256(b"teks").hexdigest()
    assert stat.S_IMODE((tmp_path / "audit.log").stat().st_mode) == 0o600


def test_rag_users_adds_lists_keys_and_removes(tmp_path: Path, monkeypatch, capsys) -> None:
    users = str(tmp_path / "users.json")
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    assert main(["users", "--users-file", users, "add", "sari", "--role", "admin", "--password-stdin"]) == 0
    assert main(["users", "--users-file", users, "key", "sari"]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert FileAccounts(Path(users)).by_key(key).name == "sari"
    assert main(["users", "--users-file", users, "list"]) == 0 and "sari" in capsys.readouterr().out
    assert main(["users", "--users-file", users, "remove", "ghost"]) == 2
    assert "no user 'ghost'" in capsys.readouterr().err


def test_one_key_is_revoked_by_its_id_and_the_others_still_work(accounts: Accounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    first, second = accounts.new_key("sari"), accounts.new_key("sari")
    ids = [k.id for k in accounts.keys("sari")]
    assert ids == [hashlib.sha256(k.encode()).hexdigest()[:8] for k in (first, second)]
    assert accounts.revoke("sari", ids[0]) == 1
    assert accounts.by_key(first) is None and accounts.by_key(second).name == "sari"
    with pytest.raises(AccessError, match="has no API key 'deadbeef'.*rag users keys sari"):
        accounts.revoke("sari", "deadbeef")


def test_revoke_all_drops_every_key(accounts: Accounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    keys = [accounts.new_key("sari") for _ in range(3)]
    assert accounts.revoke("sari") == 3 and all(accounts.by_key(k) is None for k in keys)


def test_a_new_password_revokes_every_api_key(accounts: Accounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    key = accounts.new_key("sari")
    assert accounts.passwd("sari", "battery staple") == 1
    assert accounts.by_key(key) is None and accounts.get("sari").keys == 0


def test_rag_users_revokes_a_key_by_the_id_it_printed(tmp_path: Path, monkeypatch, capsys) -> None:
    users = str(tmp_path / "users.json")
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse\n"))
    main(["users", "--users-file", users, "add", "sari", "--role", "reader", "--password-stdin"])
    main(["users", "--users-file", users, "key", "sari"])
    printed = capsys.readouterr().out.strip().splitlines()
    key_id, key = printed[-2].split()[2], printed[-1]
    assert main(["users", "--users-file", users, "keys", "sari"]) == 0 and key_id in capsys.readouterr().out
    assert main(["users", "--users-file", users, "revoke", "sari", key_id]) == 0
    assert "revoked 1 API key(s)" in capsys.readouterr().out and FileAccounts(Path(users)).by_key(key) is None
    assert main(["users", "--users-file", users, "revoke", "sari", "--all"]) == 0


def test_passwd_says_it_revoked_the_keys(tmp_path: Path, monkeypatch, capsys) -> None:
    users = str(tmp_path / "users.json")
    FileAccounts(Path(users)).add("sari", "reader", "correct horse")
    FileAccounts(Path(users)).new_key("sari")
    monkeypatch.setattr("sys.stdin", io.StringIO("battery staple\n"))
    assert main(["users", "--users-file", users, "passwd", "sari", "--password-stdin"]) == 0
    assert "1 API key(s) revoked" in capsys.readouterr().out


def test_a_password_stamp_changes_with_the_password_and_is_none_for_no_user(accounts: Accounts) -> None:
    accounts.add("sari", "reader", "correct horse")
    before = accounts.stamp("sari")
    accounts.passwd("sari", "battery staple")
    assert before and accounts.stamp("sari") not in (None, before) and accounts.stamp("ghost") is None


def _request(logins, tokens: dict[str, str], token: str) -> None:
    import asyncio

    class GradioApp:
        def __init__(self) -> None:
            self.tokens = tokens

    async def app(scope, receive, send) -> None:  # noqa: ANN001
        pass
    logins.app = app
    scope = {"type": "http", "app": GradioApp(), "headers": [(b"cookie", f"access-token-abc={token}; x=1".encode())]}
    asyncio.run(logins(scope, None, None))


def test_a_browser_login_ends_when_its_user_is_removed_or_changes_password(accounts: Accounts) -> None:
    from ui.access import Logins

    accounts.add("sari", "reader", "correct horse")
    accounts.add("budi", "reader", "correct horse")
    tokens = {"t-sari": "sari", "t-budi": "budi"}
    logins = Logins(None, accounts)
    _request(logins, tokens, "t-sari")
    _request(logins, tokens, "t-budi")
    assert set(tokens) == {"t-sari", "t-budi"}           # both still logged in
    accounts.remove("sari")
    _request(logins, tokens, "t-sari")
    accounts.passwd("budi", "battery staple")
    _request(logins, tokens, "t-budi")
    assert tokens == {}                                     # Gradio no longer knows either login
