"""`rag serve` with the real models, in process (run under `flock /tmp/llama.lock`), against real
clients: LangChain's `stream()` yields its first chunk within 1 s and the decided answer after it, the
openai client sees the sources before the answer, Open WebUI-shaped background tasks cost no
generation, each request is one log line and /metrics counts them (marked `integration`)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from rag.access.userfile import FileAccounts
from tests.integration.test_serve import Served

pytestmark = pytest.mark.integration
TITLE_TASK = ("### Task:\nGenerate a concise title for the chat history.\n### Guidelines:\n- Keep it short.\n"
              "- Use the chat's primary language.\n- Reply with the JSON object only, no other text.\n"
              '### Output:\nJSON format: { "title": "your concise title here" }\n### Chat History:\n<chat_history>\n'
              "USER: Siapa pendiri Scale AI?\nASSISTANT: Pendiri Scale AI adalah Alexandr Wang [11].\n</chat_history>")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("serve-clients")
    accounts = FileAccounts(folder / "users.json")
    accounts.add("rita", "reader", "reader password")
    accounts.add("ada", "admin", "admin password")
    keys = {name: accounts.new_key(name) for name in ("rita", "ada")}
    server = Served(folder)
    yield server, keys
    server.stop()


def test_langchain_streams_its_first_chunk_within_a_second_then_the_decided_answer(served) -> None:
    from langchain_openai import ChatOpenAI

    server, keys = served
    llm = ChatOpenAI(base_url=server.url, api_key=keys["rita"], model="rag-bot", max_retries=0, timeout=300)
    for question, expected in (("Who founded Scale AI?", "Wang"), ("Kapan Google mengakuisisi DeepMind?", "2014")):
        start, times, text = time.perf_counter(), [], ""
        for chunk in llm.stream(question):
            times.append(time.perf_counter() - start)
            text += chunk.content
        print(f"{question}: first chunk {times[0]:.2f} s, answer {times[-1]:.1f} s")
        assert times[0] < 1.0 and expected in text and "Sources:" in text, (times[0], text)


def test_the_openai_client_sees_the_sources_before_the_answer(served) -> None:
    from openai import OpenAI

    server, keys = served
    client = OpenAI(base_url=server.url, api_key=keys["rita"], max_retries=0, timeout=300)
    start, kinds = time.perf_counter(), []
    for chunk in client.chat.completions.create(model="rag-bot", stream=True,
                                                messages=[{"role": "user", "content": "Siapa pendiri Scale AI?"}]):
        extra = chunk.model_extra or {}
        kind = "source" if "source" in extra else "text" if chunk.choices and chunk.choices[0].delta.content else ""
        if kind:
            kinds.append((kind, time.perf_counter() - start))
    first_source = next(t for k, t in kinds if k == "source")
    first_text = next(t for k, t in kinds if k == "text")
    print(f"sources at {first_source:.2f} s, the answer at {first_text:.1f} s")
    assert first_source < 2.0 and first_source < first_text


def test_a_background_task_is_answered_in_a_moment_and_the_request_logged_and_counted(served) -> None:
    server, keys = served
    start = time.perf_counter()
    r = httpx.post(server.url + "/chat/completions", headers={"Authorization": f"Bearer {keys['rita']}"}, timeout=60,
                   json={"model": "rag-bot", "messages": [{"role": "user", "content": TITLE_TASK}]})
    assert time.perf_counter() - start < 1.0 and r.json()["choices"][0]["message"]["content"] == (
        '{"title": "Siapa pendiri Scale AI?"}')
    time.sleep(0.2)
    assert any("rita POST /v1/chat/completions 200" in line and "task:title" in line for line in server.lines)
    assert not any(keys["rita"] in line for line in server.lines)
    metrics = httpx.get(server.url.removesuffix("/v1") + "/metrics", headers={"Authorization": f"Bearer {keys['ada']}"})
    assert 'rag_tasks_total{kind="title"} 1.0' in metrics.text and "rag_answer_seconds_bucket" in metrics.text
