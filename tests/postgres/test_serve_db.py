"""Two API replicas (rag.serve over the fakes) with one database_url: a key made through one is good
at the other, a key revoked at one is refused by the other at once, their library changes go to one
audit log, and a document kept through one is listed and searched by the other (one library)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from rag.access.backend import accounts_of, audit_of
from rag.serve.app import create_app
from rag.serve.service import Service
from rag.settings import Settings
from rag.shared import SharedBot

pytestmark = pytest.mark.postgres


@pytest.fixture
def replicas(make_bot, settings: Settings, upgraded: str, tmp_path: Path) -> Iterator[list[TestClient]]:  # noqa: ANN001
    clients, shared = [], []
    for name in ("one", "two"):
        base = settings.with_overrides(database_url=upgraded, library_dir=str(tmp_path / name / "library"))
        shared.append(SharedBot(base, make_bot("Pendiri Scale AI adalah Alexandr Wang [4].")))
        clients.append(TestClient(create_app(Service(shared[-1], accounts_of(base), shared[-1].audit)),
                                  raise_server_exceptions=False))
    yield clients
    for s in shared:
        s.close()


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
        text = f"# Catatan\n\n{name.split('.')[0].title()} tidur.\n".encode()
        r = client.post("/v1/documents", headers=headers, files={"files": (name, text)})
        assert r.status_code == 200, r.text
    records = audit_of(s).read()
    assert [(x["user"], x["via"], x["action"], x["document"]) for x in records] == [
        ("eddy", "api", "keep", "kucing.md"), ("eddy", "api", "keep", "anjing.md")]
    assert not (tmp_path / "cache" / "audit.log").exists()  # the file the replicas would use without it


def test_a_document_kept_through_one_replica_is_listed_and_searched_by_the_other(replicas: list[TestClient],
                                                                                upgraded: str) -> None:
    accounts = accounts_of(Settings(database_url=upgraded))
    accounts.add("eddy", "editor", "editor password")
    headers = {"Authorization": f"Bearer {accounts.new_key('eddy')}"}
    one, two = replicas
    r = one.post("/v1/documents", headers=headers, files={"files": ("kucing.md", b"# Kucing\n\nWhiskers tidur.\n")})
    assert r.status_code == 200, r.text
    deadline = time.monotonic() + 2.0
    while True:
        listed = two.get("/v1/documents", headers=headers).json()["data"]
        if listed and listed[0]["paragraphs"] == 2 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert [(d["name"], d["paragraphs"]) for d in listed] == [("kucing.md", 2)]
    gone = two.delete(f"/v1/documents/{listed[0]['id']}", headers=headers)
    assert gone.status_code == 200 and one.get("/v1/documents", headers=headers).json()["data"] == []


def test_a_replica_whose_database_is_away_says_so_with_503_and_answers_after(replicas: list[TestClient],
                                                                            upgraded: str, cluster) -> None:  # noqa: ANN001
    accounts = accounts_of(Settings(database_url=upgraded))
    accounts.add("eddy", "editor", "editor password")
    headers = {"Authorization": f"Bearer {accounts.new_key('eddy')}"}
    one, _ = replicas
    cluster.stop()
    try:
        r = one.get("/v1/documents", headers=headers)  # the key is checked in the database too
        assert r.status_code == 503 and "is the server running" in r.json()["error"]["message"]
    finally:
        cluster.start()
    assert one.get("/v1/documents", headers=headers).status_code == 200
