"""The HTTP API (rag.serve.app) over the fake embedder and generator: keys, roles, the OpenAI shapes,
errors as JSON objects, and the library through it. The real server and client: tests/integration/test_serve.py."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.access import audit
from rag.access.accounts import Accounts
from rag.access.userfile import FileAccounts
from rag.errors import ModelError
from rag.serve.app import create_app
from rag.serve.service import Service
from rag.shared import SharedBot
from tests.fakes import FakeGenerator


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    a = FileAccounts(tmp_path / "users.json")
    a.add("rita", "reader", "reader password")
    a.add("eddy", "editor", "editor password")
    return a


@pytest.fixture
def keys(accounts: Accounts) -> dict[str, str]:
    return {name: accounts.new_key(name) for name in ("rita", "eddy")}


@pytest.fixture
def client(make_bot, settings, accounts: Accounts, tmp_path: Path):  # noqa: ANN201
    bot = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].")
    base = settings.with_overrides(library_dir=str(tmp_path / "library"), audit_log=str(tmp_path / "audit.log"))
    shared = SharedBot(base, bot)
    return TestClient(create_app(Service(shared, accounts, shared.audit)), raise_server_exceptions=False)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_no_key_or_a_wrong_one_is_401_with_an_openai_error_object(client) -> None:
    for headers in ({}, auth("rk_not-a-key"), {"Authorization": "Basic abc"}):
        r = client.get("/v1/models", headers=headers)
        assert r.status_code == 401 and r.json()["error"]["type"] == "authentication_error"
        assert "rag users key" in r.json()["error"]["message"]


def test_the_model_list_names_rag_bot(client, keys) -> None:
    r = client.get("/v1/models", headers=auth(keys["rita"]))
    assert r.status_code == 200 and [m["id"] for m in r.json()["data"]] == ["rag-bot"]


def test_a_chat_completion_is_the_answer_with_its_markers_and_sources(client, keys) -> None:
    r = client.post("/v1/chat/completions", headers=auth(keys["rita"]),
                    json={"model": "rag-bot", "messages": [{"role": "user", "content": "Siapa pendiri Scale AI?"}]})
    body = r.json()
    text = body["choices"][0]["message"]["content"]
    assert r.status_code == 200 and body["object"] == "chat.completion" and body["choices"][0]["finish_reason"] == "stop"
    assert text.startswith("Pendiri Scale AI adalah Alexandr Wang [1].") and "Sources:\n[1] ¶4 article.txt" in text
    assert body["answered"] is True and body["citations"][0]["paragraph"] == 4 and body["citations"][0]["marker"] == 1


def test_a_streamed_completion_sends_server_sent_events_then_done(client, keys) -> None:
    with client.stream("POST", "/v1/chat/completions", headers=auth(keys["rita"]),
                       json={"messages": [{"role": "user", "content": "Siapa pendiri Scale AI?"}], "stream": True}) as r:
        lines = [line for line in r.iter_lines() if line]
    assert r.headers["content-type"].startswith("text/event-stream") and lines[-1] == "data: [DONE]"
    chunks = [json.loads(line.removeprefix("data: ")) for line in lines[:-1]]
    said = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
    assert "Alexandr Wang [1]" in said and chunks[-1]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["answered"] is True


def test_earlier_user_messages_are_the_questions_history(client, keys, make_bot) -> None:
    r = client.post("/v1/chat/completions", headers=auth(keys["rita"]), json={"messages": [
        {"role": "user", "content": "Siapa pendiri Scale AI?"}, {"role": "assistant", "content": "Wang [4]."},
        {"role": "user", "content": "Siapa dia?"}]})
    assert r.status_code == 200  # "Siapa dia?" is a follow-up: searched with the question before it


@pytest.mark.parametrize("content,match", [("   ", "the question is empty"), ("x" * 2001, "2,001 characters")])
def test_a_bad_question_is_400_with_the_question_errors_message(client, keys, content: str, match: str) -> None:
    r = client.post("/v1/chat/completions", headers=auth(keys["rita"]), json={"messages": [{"role": "user", "content": content}]})
    assert r.status_code == 400 and match in r.json()["error"]["message"]


def test_a_malformed_request_is_400_naming_the_field(client, keys) -> None:
    r = client.post("/v1/chat/completions", headers=auth(keys["rita"]), json={"messages": []})
    assert r.status_code == 400 and "messages" in r.json()["error"]["message"]
    r = client.post("/v1/ask", headers=auth(keys["rita"]), json={"question": "Siapa?", "mode": "reckless"})
    assert r.status_code == 400 and "mode" in r.json()["error"]["message"]


def test_a_body_that_is_not_json_is_400_as_an_error_object(client, keys) -> None:
    r = client.post("/v1/chat/completions", headers={**auth(keys["rita"]), "content-type": "application/json"},
                    content=b"\xff\xfe not json")
    assert r.status_code == 400 and "parsing the body" in r.json()["error"]["message"]
    assert client.get("/v1/nowhere", headers=auth(keys["rita"])).json()["error"]["message"] == "Not Found"


def test_ask_returns_the_answer_as_rag_ask_json_does(client, keys) -> None:
    r = client.post("/v1/ask", headers=auth(keys["rita"]), json={"question": "Siapa pendiri Scale AI?", "mode": "eager"})
    body = r.json()
    assert r.status_code == 200 and body["answered"] and body["language"] == "id" and "timings" in body


def test_a_reader_may_not_keep_or_remove_documents(client, keys) -> None:
    r = client.post("/v1/documents", headers=auth(keys["rita"]), files={"files": ("a.txt", b"Teks.\n")})
    assert r.status_code == 403 and r.json()["error"]["type"] == "permission_error"
    assert client.delete("/v1/documents/123", headers=auth(keys["rita"])).status_code == 403


def test_an_editor_keeps_a_document_it_is_answered_over_listed_audited_and_removed(client, keys, tmp_path) -> None:
    note = "Catatan\n\nKucing kantor Scale AI bernama Whiskers.\n".encode()
    r = client.post("/v1/documents", headers=auth(keys["eddy"]), files={"files": ("kucing.md", note)})
    assert r.status_code == 200, r.text
    entry = r.json()["data"][0]
    listed = client.get("/v1/documents", headers=auth(keys["rita"])).json()["data"]
    assert [(d["name"], d["paragraphs"] > 0) for d in listed] == [("kucing.md", True)]
    r = client.delete(f"/v1/documents/{entry['id']}", headers=auth(keys["eddy"]))
    assert r.status_code == 200 and client.get("/v1/documents", headers=auth(keys["rita"])).json()["data"] == []
    log = audit.read(tmp_path / "audit.log")
    assert [(e["user"], e["action"], e["document"], e["via"]) for e in log] == [
        ("eddy", "keep", "kucing.md", "api"), ("eddy", "remove", "kucing.md", "api")]
    assert log[0]["sha256"] == log[1]["sha256"] and len(log[0]["sha256"]) == 64


def test_an_unknown_document_is_404(client, keys) -> None:
    assert client.delete("/v1/documents/nope", headers=auth(keys["eddy"])).status_code == 404


def test_a_document_type_not_supported_is_415_and_one_too_big_413(client, keys) -> None:
    r = client.post("/v1/documents", headers=auth(keys["eddy"]), files={"files": ("slides.pptx", b"PK")})
    assert r.status_code == 415 and ".pdf" in r.json()["error"]["message"]
    r = client.post("/v1/documents", headers=auth(keys["eddy"]), files={"files": ("big.txt", b"kata " * 1_200_000)})
    assert r.status_code == 413


def test_a_body_over_its_limit_is_413(client, keys) -> None:
    r = client.post("/v1/ask", headers={**auth(keys["rita"]), "content-type": "application/json"},
                    content=b" " * 1_100_000)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


def test_a_generator_that_is_down_is_503_with_the_model_errors_message(client, keys, monkeypatch) -> None:
    def down(*_a, **_k):  # noqa: ANN202
        raise ModelError("the generator server at http://127.0.0.1:9 is down: connection refused")
        yield ""  # a generator, like the real stream
    monkeypatch.setattr(FakeGenerator, "stream", down)
    r = client.post("/v1/ask", headers=auth(keys["rita"]), json={"question": "Siapa pendiri Scale AI?"})
    assert r.status_code == 503 and "is down" in r.json()["error"]["message"]


def test_an_unexpected_failure_is_500_without_a_traceback(client, keys, monkeypatch) -> None:
    def broken(*_a, **_k):  # noqa: ANN202
        raise ZeroDivisionError("boom")
        yield ""
    monkeypatch.setattr(FakeGenerator, "stream", broken)
    r = client.post("/v1/ask", headers=auth(keys["rita"]), json={"question": "Siapa pendiri Scale AI?"})
    assert r.status_code == 500 and "Traceback" not in r.text and "ZeroDivisionError" in r.json()["error"]["message"]


def test_without_a_users_file_the_api_is_open(make_bot, settings) -> None:
    bot = make_bot("Wang [4].")
    client = TestClient(create_app(Service(SharedBot(settings, bot), None, Path("/dev/null"))))
    assert client.get("/v1/models").status_code == 200
