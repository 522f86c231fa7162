"""The server's operability and OpenAI conventions, over the fakes: a log line per request (never the
key; the question only at debug level), JSON lines, /health and /metrics, model_not_found, usage,
a language asked for in a system message, sources cut at word ends, errors inside a stream."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.access.accounts import Accounts
from rag.access.userfile import FileAccounts
from rag.errors import ModelError
from rag.serve import logs, openai, sources
from rag.serve.app import create_app
from rag.serve.service import Service
from rag.shared import SharedBot
from tests.fakes import FakeGenerator

ASK = {"messages": [{"role": "user", "content": "Siapa pendiri Scale AI?"}]}


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Accounts, dict[str, str]]:
    accounts = FileAccounts(tmp_path / "users.json")
    accounts.add("rita", "reader", "reader password")
    accounts.add("ada", "admin", "admin password")
    return accounts, {name: accounts.new_key(name) for name in ("rita", "ada")}


@pytest.fixture
def client(make_bot, settings, keys) -> TestClient:
    bot = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].")
    return TestClient(create_app(Service(SharedBot(settings, bot), keys[0], Path("/dev/null"))),
                      raise_server_exceptions=False)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_each_request_is_one_log_line_with_user_route_status_and_outcome_never_the_key(client, keys, caplog) -> None:
    caplog.set_level(logging.INFO, "rag.serve")
    client.post("/v1/chat/completions", headers=auth(keys[1]["rita"]), json=ASK)
    client.get("/v1/models", headers=auth("rk_wrong"))
    lines = [r for r in caplog.records if r.name == "rag.serve.requests"]
    assert [(r.fields["user"], r.fields["route"], r.fields["status"], r.fields["outcome"]) for r in lines] == [
        ("rita", "/v1/chat/completions", 200, "answered"), ("-", "/v1/models", 401, "")]
    assert all(keys[1]["rita"] not in r.getMessage() and "question" not in r.fields for r in lines)


def test_at_debug_level_the_line_holds_the_question(client, keys, caplog) -> None:
    caplog.set_level(logging.DEBUG, "rag.serve")
    client.post("/v1/chat/completions", headers=auth(keys[1]["rita"]), json=ASK)
    line = next(r for r in caplog.records if r.name == "rag.serve.requests")
    assert line.fields["question"] == "Siapa pendiri Scale AI?" and 'question="Siapa pendiri Scale AI?"' in line.getMessage()


def test_json_lines_are_one_object_per_record() -> None:
    record = logging.LogRecord("rag.serve.requests", logging.INFO, "", 0, "x", None, None)
    record.fields = {"time": "t", "user": "rita", "route": "/v1/ask", "status": 200}
    assert json.loads(logs.JsonLines().format(record)) == record.fields
    plain = logging.LogRecord("rag.serve.app", logging.ERROR, "", 0, "request failed", None, None)
    assert json.loads(logs.JsonLines().format(plain))["message"] == "request failed"


def test_health_needs_no_key_and_metrics_an_admins(client, keys) -> None:
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers=auth(keys[1]["rita"])).status_code == 403
    client.post("/v1/chat/completions", headers=auth(keys[1]["rita"]), json={**ASK, "model": "gpt-4o"})
    text = client.get("/metrics", headers=auth(keys[1]["ada"])).text
    assert 'rag_requests_total{route="/v1/chat/completions",status="404"} 1.0' in text
    assert 'rag_requests_total{route="/metrics",status="403"} 1.0' in text and "# TYPE rag_answer_seconds histogram" in text


def test_without_users_metrics_are_open(make_bot, settings) -> None:
    client = TestClient(create_app(Service(SharedBot(settings, make_bot("Wang [4].")), None, Path("/dev/null"))))
    assert client.get("/metrics").status_code == 200


@pytest.mark.parametrize("model,status", [("gpt-4o", 404), ("", 200), ("rag-bot", 200)])
def test_an_unknown_model_is_404_model_not_found_and_an_empty_one_the_default(client, keys, model, status) -> None:
    r = client.post("/v1/chat/completions", headers=auth(keys[1]["rita"]), json={**ASK, "model": model})
    assert r.status_code == status
    if status == 404:
        assert r.json()["error"]["code"] == "model_not_found" and "gpt-4o" in r.json()["error"]["message"]
    assert client.get(f"/v1/models/{model or 'x'}", headers=auth(keys[1]["rita"])).status_code == (
        200 if model == "rag-bot" else 404)


def test_usage_is_the_generators_token_counts(make_bot, settings, monkeypatch) -> None:
    from rag.generators import Usage

    bot = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].")
    original = FakeGenerator.stream

    def counted(self, messages, max_tokens, refusal=""):  # noqa: ANN001, ANN202
        yield from original(self, messages, max_tokens, refusal)
        self.usage = Usage(120, 20, 9, 0.1, 0.2)
    monkeypatch.setattr(FakeGenerator, "stream", counted)
    client = TestClient(create_app(Service(SharedBot(settings, bot), None, Path("/dev/null"))))
    assert client.post("/v1/chat/completions", json=ASK).json()["usage"] == {
        "prompt_tokens": 120, "completion_tokens": 9, "total_tokens": 129}
    with client.stream("POST", "/v1/chat/completions",
                       json={**ASK, "stream": True, "stream_options": {"include_usage": True}}) as r:
        chunks = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: {")]
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["total_tokens"] == 129
    assert "usage" not in chunks[-2] and chunks[-2]["choices"][0]["finish_reason"] == "stop"


@pytest.mark.parametrize("system,language", [
    ("Always answer in English.", "en"), ("Jawablah dalam bahasa Indonesia.", "id"),
    ("You are a helpful assistant.", None), ("Answer in the user's language, Indonesian or English.", None)])
def test_a_language_asked_for_in_a_system_message_is_the_answers(system: str, language: str | None) -> None:
    request = openai.ChatRequest(messages=[{"role": "system", "content": system}, *ASK["messages"]])
    assert openai.system_language(request) == language


def test_the_system_messages_language_reaches_the_bot(make_bot, settings, monkeypatch) -> None:
    bot = make_bot("Alexandr Wang founded Scale AI [4].")
    asked: list[str | None] = []
    original = type(bot).stream
    monkeypatch.setattr(type(bot), "stream", lambda self, q, language=None, *a: asked.append(language) or original(self, q, language, *a))
    client = TestClient(create_app(Service(SharedBot(settings, bot), None, Path("/dev/null"))))
    system = {"role": "system", "content": "Please respond in English."}
    client.post("/v1/chat/completions", json={"messages": [system, *ASK["messages"]]})
    client.post("/v1/chat/completions", json={"messages": [system, *ASK["messages"]], "language": "id"})  # ours wins
    assert asked == ["en", "id"]


@pytest.mark.parametrize("text", ["Pada tahun 2025, Meta membeli 49% saham Scale AI, perusahaan pelabelan data. " * 8,
                                  "kata" + " panjangsekali" * 40, "x" * 400])
def test_a_sources_excerpt_ends_at_a_word_or_sentence_end(text: str) -> None:
    cut = sources.excerpt(text)
    assert len(cut) <= sources.EXCERPT + 2 and cut.endswith("…")
    body = cut.rstrip(" …")
    assert text.startswith(body) and (text[len(body)] in " ." or body == text[:sources.EXCERPT])


def test_a_failure_inside_a_stream_is_an_openai_error_event(client, keys, monkeypatch) -> None:
    def down(*_a, **_k):  # noqa: ANN202
        raise ModelError("the generator server at http://127.0.0.1:9 is down")
        yield ""
    monkeypatch.setattr(FakeGenerator, "stream", down)
    with client.stream("POST", "/v1/chat/completions", headers=auth(keys[1]["rita"]), json={**ASK, "stream": True}) as r:
        events = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: {")]
    assert events[0]["choices"][0]["delta"]["role"] == "assistant"
    assert events[-1]["error"]["type"] == "server_error" and "is down" in events[-1]["error"]["message"]
    metrics = client.get("/metrics", headers=auth(keys[1]["ada"])).text
    assert 'rag_errors_total{route="/v1/chat/completions"} 1.0' in metrics


def test_a_stream_sends_the_retrieved_paragraphs_as_sources_before_the_answer(client, keys) -> None:
    with client.stream("POST", "/v1/chat/completions", headers=auth(keys[1]["rita"]), json={**ASK, "stream": True}) as r:
        events = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: {")]
    kinds = ["source" if "source" in e else "content" if e["choices"][0]["delta"].get("content") else "other"
             for e in events]
    assert kinds.index("source") < kinds.index("content")
    first = next(e for e in events if "source" in e)
    assert first["event"]["type"] == "source" and first["event"]["data"]["document"] == [first["source"]["text"]]
    assert first["event"]["data"]["metadata"][0]["source"].startswith(f"¶{first['source']['paragraph']} article.txt")
