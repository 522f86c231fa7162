"""The `openai` backend's errors for what a real server cannot be made to do on demand (a 401,
a 500), against a tiny local HTTP fake; the real server's behaviour is tests/integration/test_server.py."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from rag import ModelError, Settings
from rag.generators.remote import OpenAIServer
from tests.servers import free_port


class Fake(BaseHTTPRequestHandler):
    status = 200  # what /v1/chat/completions answers
    calls = 0
    interrupted = False  # [DONE] with no finish reason, as llama-cpp-python's server does on a new request

    def log_message(self, *args) -> None:  # noqa: ANN002 - quiet
        pass

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        self._send(200, {"object": "list", "data": [{"id": "tiny", "object": "model", "owned_by": "me"}]})

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).calls += 1
        if self.path.endswith("/tokenize"):
            self._send(404, {"error": "no"})
        elif type(self).status != 200:
            self._send(type(self).status, {"error": {"message": "nope", "type": "x"}})
        else:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            ends = [None, None] if type(self).interrupted else [None, "stop"]
            for piece, end in zip(("Alexandr ", "Wang [4]."), ends):
                chunk = {"id": "1", "object": "chat.completion.chunk", "created": 0, "model": "tiny",
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": end}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")


@pytest.fixture
def fake() -> Iterator[str]:
    Fake.status, Fake.calls, Fake.interrupted = 200, 0, False
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Fake)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()


def generator(url: str, **overrides) -> OpenAIServer:  # noqa: ANN003
    return OpenAIServer(Settings(**{"generator_backend": "openai", "generator_url": url, "generator_retries": 1} | overrides))


MESSAGES = [{"role": "user", "content": "Siapa pendiri Scale AI?"}]


def test_the_stream_is_the_servers_pieces_and_the_first_model_is_used(fake) -> None:
    g = generator(fake)
    assert list(g.stream(MESSAGES, 16, refusal="NOT FOUND")) == ["Alexandr ", "Wang [4]."]
    assert g.name.startswith("openai/tiny@") and g.trace.refusal_prob is None and g.usage.generated_tokens == 2


def test_a_refused_key_names_the_variable_to_set(fake, monkeypatch) -> None:
    Fake.status = 401
    monkeypatch.setenv("MY_KEY", "secret-value")
    with pytest.raises(ModelError, match="refused the API key: set MY_KEY") as err:
        list(generator(fake, generator_key_env="MY_KEY").stream(MESSAGES, 16))
    assert "secret-value" not in str(err.value)


def test_a_server_error_is_retried_then_reported(fake) -> None:
    Fake.status = 500
    with pytest.raises(ModelError, match="failed with HTTP 500"):
        list(generator(fake).stream(MESSAGES, 16))
    assert Fake.calls == 2  # one retry (generator_retries = 1)


def test_a_stream_cut_off_without_a_finish_reason_is_an_error_not_an_answer(fake) -> None:
    Fake.interrupted = True
    with pytest.raises(ModelError, match="ended the answer before it was finished.*--interrupt_requests False"):
        list(generator(fake).stream(MESSAGES, 16))


def test_no_address_says_how_to_give_one() -> None:
    with pytest.raises(ModelError, match="--generator-url"):
        list(OpenAIServer(Settings(generator_backend="openai")).stream(MESSAGES, 16))


def test_nothing_listening_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="cannot reach the generator server"):
        list(generator(f"http://127.0.0.1:{free_port()}/v1", generator_retries=0).stream(MESSAGES, 16))


def test_the_bot_answers_through_the_server_backend(make_bot, fake) -> None:
    bot = make_bot().with_settings(generator_backend="openai", generator_url=fake)
    a = bot.ask("Siapa pendiri Scale AI?")
    assert a.answered and a.text.startswith("Alexandr Wang") and a.signals.refusal_prob != a.signals.refusal_prob
