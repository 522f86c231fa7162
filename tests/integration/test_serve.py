"""`rag serve` for real: the `openai` client against the running server (its generator behind a real
llama.cpp server on the 1.5B), keys and roles, a generator that goes down and comes back, Schemathesis
fuzzing the app from its own OpenAPI schema, and two processes over one library (marked `integration`)."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from rag import Settings
from rag.access.userfile import FileAccounts
from rag.generators.weights import ensure
from tests.servers import LlamaServer, free_port

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
NOTE = "# Catatan kantor\n\nKucing kantor Scale AI bernama Whiskers dan tinggal di lantai tiga.\n"


class Served:
    """A `rag serve` process; `url` is its OpenAI base URL."""

    def __init__(self, data: Path, *flags: str, port: int | None = None) -> None:
        """Over `data`'s users file and library; `flags`: the generator's (e.g. --generator-url URL)."""
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rag.cli", "serve", "--port", str(self.port), "--users-file", str(data / "users.json"),
             "--library-dir", str(data / "library"), *flags],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=dict(os.environ))
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(iter(self.proc.stdout.readline, "")), daemon=True).start()
        deadline = time.monotonic() + 300
        while not any("rag serve: open" in line for line in self.lines):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"rag serve did not start:\n{''.join(self.lines)}", pytrace=False)
            time.sleep(0.2)
        while True:  # uvicorn listens a moment after the line
            try:
                httpx.get(self.url + "/models", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def llama(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LlamaServer]:
    s = Settings.load()
    server = LlamaServer(ensure("quality", s.folder("models")), log=tmp_path_factory.mktemp("llama") / "log").start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("serve")
    accounts = FileAccounts(folder / "users.json")
    accounts.add("rita", "reader", "reader password")
    accounts.add("eddy", "editor", "editor password")
    return folder, {name: accounts.new_key(name) for name in ("rita", "eddy")}


@pytest.fixture(scope="module")
def served(llama: LlamaServer, data) -> Iterator[Served]:
    server = Served(data[0], "--generator-backend", "openai", "--generator-url", llama.url)
    yield server
    server.stop()


def client(served: Served, key: str):  # noqa: ANN201 - an openai.OpenAI
    from openai import OpenAI

    return OpenAI(base_url=served.url, api_key=key, max_retries=0, timeout=180)


def test_plain_answers_in_each_language_cite_their_paragraphs(served, data) -> None:
    c = client(served, data[1]["rita"])
    for question in ("Siapa pendiri Scale AI?", "Who founded Scale AI?"):
        r = c.chat.completions.create(model="rag-bot", messages=[{"role": "user", "content": question}])
        text = r.choices[0].message.content
        assert "Wang" in text and "[" in text and "Sources:" in text, text
        assert r.model_extra["answered"] is True and any(cite["paragraph"] == 11 for cite in r.model_extra["citations"])


def test_streamed_answers_arrive_as_server_sent_events(served, data) -> None:
    c = client(served, data[1]["rita"])
    for question in ("Kapan Google mengakuisisi DeepMind?", "When did Google acquire DeepMind?"):
        pieces = [chunk.choices[0].delta.content or "" for chunk in
                  c.chat.completions.create(model="rag-bot", stream=True, messages=[{"role": "user", "content": question}])]
        assert "2014" in "".join(pieces) and "[" in "".join(pieces)


def test_a_question_the_documents_do_not_answer_is_refused(served, data) -> None:
    r = client(served, data[1]["rita"]).chat.completions.create(
        model="rag-bot", messages=[{"role": "user", "content": "Apa ibu kota Peru?"}])
    assert r.model_extra["answered"] is False and "tidak memuat" in r.choices[0].message.content


def test_a_follow_up_uses_the_earlier_question(served, data) -> None:
    r = client(served, data[1]["rita"]).chat.completions.create(model="rag-bot", messages=[
        {"role": "user", "content": "When did Google acquire DeepMind?"},
        {"role": "assistant", "content": "In 2014 [36]."},
        {"role": "user", "content": "Who acquired it?"}])  # "it": DeepMind, from the question before
    assert "Google" in r.choices[0].message.content and r.model_extra["answered"], r.choices[0].message.content


def test_a_bad_question_is_400_with_its_message(served, data) -> None:
    from openai import BadRequestError

    with pytest.raises(BadRequestError, match="the question is empty"):
        client(served, data[1]["rita"]).chat.completions.create(model="rag-bot", messages=[{"role": "user", "content": " "}])


def test_no_key_is_401_and_a_reader_writing_is_403(served, data) -> None:
    from openai import AuthenticationError

    with pytest.raises(AuthenticationError):
        client(served, "rk_wrong").models.list()
    r = httpx.post(served.url + "/documents", headers={"Authorization": f"Bearer {data[1]['rita']}"},
                   files={"files": ("a.md", NOTE.encode())}, timeout=60)
    assert r.status_code == 403 and r.json()["error"]["type"] == "permission_error"


def test_the_generator_server_down_is_503_then_answers_again_once_back(served, data, llama) -> None:
    from openai import InternalServerError

    c = client(served, data[1]["rita"])
    llama.stop()
    try:
        with pytest.raises(InternalServerError) as err:
            c.chat.completions.create(model="rag-bot", messages=[{"role": "user", "content": "Siapa pendiri Scale AI?"}])
        assert err.value.status_code == 503 and "server" in str(err.value.body)
    finally:
        llama.start()
    r = c.chat.completions.create(model="rag-bot", messages=[{"role": "user", "content": "Siapa pendiri Scale AI?"}])
    assert "Wang" in r.choices[0].message.content


def test_schemathesis_finds_no_server_error_and_no_response_off_the_schema(served, data) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", served.url.removesuffix("/v1") + "/openapi.json",
         "--header", f"Authorization: Bearer {data[1]['eddy']}", "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance",
         "--phases", "examples,fuzzing", "--max-examples", "6", "--request-timeout", "180", "--no-color", "--seed", "1",
         "--exclude-method", "DELETE"],  # DELETE of random ids only 404s; kept out to bound the run
        capture_output=True, text=True, timeout=1500, cwd=ROOT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_a_document_kept_through_one_process_is_answered_by_another_within_5_s(served, data, llama) -> None:
    other = Served(data[0], "--generator-backend", "openai", "--generator-url", llama.url)
    try:
        headers = {"Authorization": f"Bearer {data[1]['eddy']}"}
        r = httpx.post(served.url + "/documents", headers=headers, files={"files": ("kucing.md", NOTE.encode())},
                       timeout=300)
        assert r.status_code == 200, r.text
        kept = time.monotonic()
        a = httpx.post(other.url + "/ask", headers=headers, json={"question": "Siapa nama kucing kantor Scale AI?"},
                       timeout=300).json()
        noticed = time.monotonic() - kept
        assert "kucing.md" in {c["source"] for c in a["citations"]} and "Whiskers" in a["text"]
        assert noticed - a["seconds"] < 5.0  # the other process reopened the library at once, without a restart
        httpx.delete(f"{served.url}/documents/{r.json()['data'][0]['id']}", headers=headers, timeout=300)
    finally:
        other.stop()
