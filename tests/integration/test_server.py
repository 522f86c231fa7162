"""The `openai` generator backend against a real llama-cpp-python server on the 0.5B GGUF
(marked `integration`): the same answers as in-process, streaming, refusals, and faults."""
from __future__ import annotations

import threading
import time

import pytest

from rag import Bot, ModelError
from rag.generators.weights import ensure
from tests.servers import LlamaServer

pytestmark = pytest.mark.integration

# (question, any-of expected answer words)
QUESTIONS = [
    ("Berapa persen saham Scale AI yang dibeli Meta?", ["49"]),
    ("Siapa pendiri Scale AI?", ["Alexandr Wang"]),
    ("Kapan Google mengakuisisi DeepMind?", ["2014"]),
    ("How large a stake did Meta take in Scale AI?", ["49"]),
    ("Who founded Scale AI?", ["Alexandr Wang"]),
    ("In which year did Google buy DeepMind?", ["2014"]),
]


@pytest.fixture(scope="module")
def local(real_fast_bot: Bot) -> Bot:
    return real_fast_bot


@pytest.fixture(scope="module")
def server(local, tmp_path_factory) -> LlamaServer:
    model = ensure("fast", local.settings.folder("models"))
    srv = LlamaServer(model, log=tmp_path_factory.mktemp("server") / "server.log").start()
    yield srv
    srv.stop()


def remote_bot(local: Bot, url: str, **overrides) -> Bot:  # noqa: ANN003
    return local.with_settings(generator_backend="openai", generator_url=url, generator_retries=0,
                               generator_timeout=60.0, **overrides)


def right(text: str, expected: list[str]) -> bool:
    return any(e.lower() in text.lower() for e in expected)


def test_the_server_gives_the_in_process_answers(local, server, capsys) -> None:
    remote = remote_bot(local, server.url)
    same = correct_both = 0
    for question, expected in QUESTIONS:
        a, b = local.ask(question), remote.ask(question)
        same += a.text == b.text
        assert right(a.text, expected) == right(b.text, expected) and a.answered == b.answered, (a.text, b.text)
        correct_both += right(b.text, expected)
    with capsys.disabled():
        print(f"\n[server parity] {same} of {len(QUESTIONS)} answers word for word, "
              f"{correct_both} right through the server, the same correctness on all")
    assert remote.generator.name.startswith("openai/")


def test_the_server_streams_pieces(local, server) -> None:
    generator = remote_bot(local, server.url).generator
    pieces = list(generator.stream([{"role": "user", "content": "Count from one to ten in English."}], 40))
    text = "".join(pieces).lower()
    assert len(pieces) > 3 and ("five" in text or "5" in text), text


def test_a_refusal_stays_a_refusal(local, server) -> None:
    question = "How many employees does Scale AI have?"
    a, b = local.ask(question), remote_bot(local, server.url).ask(question)
    assert not a.answered and not b.answered and b.text == a.text


def test_a_model_the_server_does_not_serve_is_named(local, server) -> None:
    bot = remote_bot(local, server.url, generator_name="no-such-model")
    with pytest.raises(ModelError, match="does not serve the model 'no-such-model'.*it serves"):
        bot.ask("Siapa pendiri Scale AI?")


def test_a_stopped_server_is_a_clear_error_and_the_bot_works_once_it_is_back(local, tmp_path) -> None:
    srv = LlamaServer(ensure("fast", local.settings.folder("models")), log=tmp_path / "log")
    bot = remote_bot(local, srv.url, generator_connect_timeout=2.0)
    with pytest.raises(ModelError, match="cannot reach the generator server.*is it running"):
        bot.ask("Siapa pendiri Scale AI?")
    srv.start()
    try:
        assert "Alexandr Wang" in bot.ask("Siapa pendiri Scale AI?").text
    finally:
        srv.stop()


def test_a_server_killed_during_a_stream_is_a_clear_error_with_nothing_half_written(local, tmp_path) -> None:
    srv = LlamaServer(ensure("fast", local.settings.folder("models")), log=tmp_path / "log").start()
    bot = remote_bot(local, srv.url, max_new_tokens=400)
    generator = bot.generator
    long = [{"role": "user", "content": "Write a long story about a cat, at least 300 words."}]
    seen: list[str] = []
    try:
        with pytest.raises(ModelError, match="halfway|cannot reach"):
            for piece in generator.stream(long, 400):
                seen.append(piece)
                if len(seen) == 5:
                    threading.Thread(target=srv.stop, kwargs={"kill": True}).start()
        assert len(seen) >= 5
        with pytest.raises(ModelError):
            bot.ask("Siapa pendiri Scale AI?")  # the bot shows no answer, only the error
        srv.start()
        time.sleep(0.5)
        assert "Alexandr Wang" in bot.ask("Siapa pendiri Scale AI?").text
    finally:
        srv.stop()
