"""Real clients (the `openai` client, langchain-openai's ChatOpenAI) against the HTTP API served by
uvicorn over the fakes, with a generator that takes its time: the first chunk comes at once, the
sources after retrieval, keep-alive lines while the model works, the decided answer at the end.
Quick: no model, no process (the real `rag serve` with the real model: test_serve_real_clients.py)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from rag.access.userfile import FileAccounts
from rag.lang import foreign
from rag.serve.app import create_app
from rag.serve.service import Service
from rag.shared import SharedBot
from tests.fakes import FakeGenerator
from tests.servers import AppServer

THINKING = 1.5  # seconds the slow generator takes before its first piece
QUESTION = "Siapa pendiri Scale AI?"


class SlowGenerator(FakeGenerator):
    def stream(self, messages, max_tokens, refusal="", segments=()):  # noqa: ANN001, ANN201
        time.sleep(THINKING)
        yield from super().stream(messages, max_tokens, refusal)


@pytest.fixture
def served(make_bot, settings, tmp_path: Path) -> Iterator[tuple[AppServer, dict[str, str]]]:
    accounts = FileAccounts(tmp_path / "users.json")
    accounts.add("rita", "reader", "reader password")
    accounts.add("ada", "admin", "admin password")
    keys = {name: accounts.new_key(name) for name in ("rita", "ada")}
    bot = make_bot()
    bot._generator = SlowGenerator("Pendiri Scale AI adalah Alexandr Wang [4].")
    base = settings.with_overrides(library_dir=str(tmp_path / "library"), audit_log=str(tmp_path / "audit.log"))
    foreign("Scale AI")  # language detection's profiles load once per process (`rag serve` does it as it starts)
    shared = SharedBot(base, bot)
    with AppServer(create_app(Service(shared, accounts, shared.audit, keep_alive=0.5))) as server:
        yield server, keys


def test_the_openai_client_gets_the_role_at_once_then_sources_then_the_decided_answer(served) -> None:
    from openai import OpenAI

    server, keys = served
    client = OpenAI(base_url=server.url, api_key=keys["rita"], max_retries=0)
    start = time.perf_counter()
    seen: list[tuple[float, object]] = []
    for chunk in client.chat.completions.create(
            model="rag-bot", stream=True, messages=[{"role": "user", "content": QUESTION}]):
        seen.append((time.perf_counter() - start, chunk))
    first, last = seen[0], seen[-1]
    assert first[0] < 1.0 and first[1].choices[0].delta.role == "assistant"
    sources = [(t, c.model_extra["source"]) for t, c in seen if "source" in (c.model_extra or {})]
    assert sources and all(t < 1.0 for t, _ in sources) and 4 in [s["paragraph"] for _, s in sources]
    said = [(t, c.choices[0].delta.content) for t, c in seen if c.choices and c.choices[0].delta.content]
    assert len(said) == 1 and said[0][0] >= THINKING and said[0][1].startswith("Pendiri Scale AI adalah Alexandr Wang [1].")
    assert last[1].choices[0].finish_reason == "stop" and last[1].model_extra["answered"] is True


def test_langchain_streams_its_first_chunk_within_a_second_and_the_answer_whole(served) -> None:
    from langchain_openai import ChatOpenAI

    server, keys = served
    llm = ChatOpenAI(base_url=server.url, api_key=keys["rita"], model="rag-bot", max_retries=0)
    start, times, text = time.perf_counter(), [], ""
    for chunk in llm.stream(QUESTION):
        times.append(time.perf_counter() - start)
        text += chunk.content
    assert times[0] < 1.0 and times[-1] >= THINKING
    assert text.startswith("Pendiri Scale AI adalah Alexandr Wang [1].") and "Sources:\n[1] ¶4 article.txt" in text


def test_keep_alive_comments_come_while_the_model_works(served) -> None:
    server, keys = served
    with httpx.stream("POST", server.url + "/chat/completions", headers={"Authorization": f"Bearer {keys['rita']}"},
                      json={"messages": [{"role": "user", "content": QUESTION}], "stream": True}, timeout=30) as r:
        lines = [line for line in r.iter_lines() if line]
    assert r.headers["content-type"].startswith("text/event-stream") and r.headers["cache-control"] == "no-cache"
    assert lines.count(": keep-alive") >= 2 and lines[-1] == "data: [DONE]"


def test_langchain_gets_the_usage_the_generator_reported(served) -> None:
    from langchain_openai import ChatOpenAI

    server, keys = served
    reply = ChatOpenAI(base_url=server.url, api_key=keys["rita"], model="rag-bot", max_retries=0).invoke(QUESTION)
    assert reply.content.startswith("Pendiri") and reply.usage_metadata is not None
    assert reply.response_metadata["finish_reason"] == "stop"


def test_an_unknown_model_is_the_openai_clients_not_found_error(served) -> None:
    from openai import NotFoundError, OpenAI

    server, keys = served
    client = OpenAI(base_url=server.url, api_key=keys["rita"], max_retries=0)
    with pytest.raises(NotFoundError) as err:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    assert err.value.code == "model_not_found"


def test_metrics_are_scraped_with_an_admins_key_and_count_what_was_asked(served) -> None:
    server, keys = served
    base = server.url.removesuffix("/v1")
    httpx.post(server.url + "/chat/completions", headers={"Authorization": f"Bearer {keys['rita']}"},
               json={"messages": [{"role": "user", "content": QUESTION}]}, timeout=30)
    assert httpx.get(base + "/health").json()["status"] == "ok"
    assert httpx.get(base + "/metrics", headers={"Authorization": f"Bearer {keys['rita']}"}).status_code == 403
    scraped = httpx.get(base + "/metrics", headers={"Authorization": f"Bearer {keys['ada']}"})
    assert scraped.status_code == 200 and scraped.headers["content-type"].startswith("text/plain")
    assert 'rag_requests_total{route="/v1/chat/completions",status="200"} 1.0' in scraped.text
    assert 'rag_answer_seconds_count{outcome="answered"} 1.0' in scraped.text
