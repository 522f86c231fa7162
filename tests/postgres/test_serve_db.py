"""Two API replicas (rag.serve over the fakes) with one database_url: a key made through one is good
at the other, a key revoked at one is refused by the other at once, and their library changes go to
one audit log."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.access.backend import accounts_of, audit_of
from rag.serve.app import create_app
from rag.serve.service import Service
from rag.settings import Settings
from rag.shared import SharedBot

pytestmark = pytest.mark.postgres


@pytest.fixture
def replicas(make_bot, settings: Settings, upgraded: str, tmp_path: Path) -> list[TestClient]:  # noqa: ANN001
    clients = []
    for name in ("one", "two"):
        base = settings.with_overrides(database_url=upgraded, library_dir=str(tmp_path / name / "library"))
        shared = SharedBot(base, make_bot("Pendiri Scale AI adalah Alexandr Wang [4]."))
        clients.append(TestClient(create_app(Service(shared, accounts_of(base), shared.audit)),
                                  raise_server_exceptions=False))
    return clients


def test_a_key_from_one_replica_works_at_the_other_until_revoked(replicas: list[TestClient], upgraded: str) -> None:
    accounts = accounts_of(Settings(database_url=upgraded))
    accounts.add("eddy", "editor", "editor password")
    key = accounts.new_key("eddy")
    one, two = replicas
    assert all(r.get("/v1/models", headers={"Authorization": f"Bearer {key}"}).status_code == 200 for r in replicas)
    accounts.revoke("eddy")
    assert one.get("/v1/models", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert two.get("/v1/models", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_library_changes_of_both_replicas_go_to_one_audit_log(replicas: list[TestClient], upgraded: str,
                                                              tmp_path: Path) -> None:
    s = Settings(database_url=upgraded)
    accounts = accounts_of(s)
    accounts.add("eddy", "editor", "editor password")
    headers = {"Authorization": f"Bearer {accounts.new_key('eddy')}"}
    for client, name in zip(replicas, ("kucing.md", "anjing.md")):
        r = client.post("/v1/documents", headers=headers, files={"files": (name, b"# Catatan\n\nKucing tidur.\n")})
        assert r.status_code == 200, r.text
    records = audit_of(s).read()
    assert [(x["user"], x["via"], x["action"], x["document"]) for x in records] == [
        ("eddy", "api", "keep", "kucing.md"), ("eddy", "api", "keep", "anjing.md")]
    assert not (tmp_path / "cache" / "audit.log").exists()  # the file the replicas would use without it
