"""A chat completion's markers count the sources it lists (rag.serve.sources), so that a client that
links `[n]` to its n-th listed source (Open WebUI) opens the paragraph the answer cites; every source
and citation keeps its paragraph number; the streamed and the whole reply agree; /v1/ask keeps
paragraph numbers; Open WebUI's stream gets no "Sources:" text (it lists the `source` events itself),
every other client does, and `X-Rag-Sources-Text` decides when sent. Over the fakes: "Berapa persen ..."
retrieves paragraphs 2 then 4."""
from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.serve import openai, sources
from rag.serve.app import create_app
from rag.serve.service import Service
from rag.shared import SharedBot
from rag.types import Answer, Citation

QUESTION = "Berapa persen saham Scale AI yang dibeli Meta?"
ASK = {"messages": [{"role": "user", "content": QUESTION}]}


def para(n: int) -> Citation:
    return Citation(n, "article.txt", f"paragraph {n}", 0.5, "1. Pendiri")


@pytest.fixture
def client(make_bot, settings) -> TestClient:
    bot = make_bot("Pendiri Scale AI adalah Alexandr Wang [4].")  # cites the second paragraph retrieved
    return TestClient(create_app(Service(SharedBot(settings, bot), None, Path("/dev/null"))))


OPEN_WEBUI = {"user-agent": "Python/3.11 aiohttp/3.14.5"}  # as Open WebUI 0.12.4's requests came (captured)
OPENAI = {"user-agent": "OpenAI/Python 3.57.0"}              # the openai client's, and so LangChain's and llm's


def streamed(client: TestClient, body: dict, headers: dict | None = None) -> list[dict]:
    with client.stream("POST", "/v1/chat/completions", json={**body, "stream": True}, headers=headers) as r:
        return [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: {")]


@pytest.mark.parametrize("text,expected", [
    ("Wang [4].", "Wang [2]."),
    ("Meta [4, 7] and [7][4].", "Meta [2, 1] and [1][2]."),
    ("Wang [4, 4].", "Wang [2]."),
    ("Wang [9].", "Wang."),            # a paragraph that is no source: dropped
    ("Wang [2, 9] here.", "Wang [3] here."),
])
def test_markers_become_positions_among_the_sources(text: str, expected: str) -> None:
    assert sources.renumber(text, [para(7), para(4), para(2)]) == expected


def test_a_cited_paragraph_that_was_not_sent_is_listed_after_those_that_were() -> None:
    answer = Answer("Wang [9].", "en", True, [para(9)])
    assert [c.paragraph for c in sources.listed([para(7), para(4)], answer)] == [7, 4, 9]


def test_the_sources_text_lists_the_cited_paragraphs_by_their_markers() -> None:
    answer = Answer("Wang [4].", "en", True, [para(4)])
    assert sources.content(answer, [para(7), para(4)]) == "Wang [2].\n\nSources:\n[2] ¶4 article.txt · 1. Pendiri: paragraph 4"


def test_a_reply_that_cites_nothing_is_sent_as_it_is() -> None:
    assert sources.content(Answer("Maaf [4].", "id", False), [para(4)]) == "Maaf [4]."


def test_a_whole_replys_marker_is_the_position_of_its_paragraph_in_its_sources(client) -> None:
    body = client.post("/v1/chat/completions", json=ASK).json()
    text = body["choices"][0]["message"]["content"]
    assert [(s["paragraph"], s["marker"]) for s in body["sources"]] == [(2, 1), (4, 2)]
    assert text.startswith("Pendiri Scale AI adalah Alexandr Wang [2].\n\nSources:\n[2] ¶4 article.txt · ")
    assert [(c["paragraph"], c["marker"]) for c in body["citations"]] == [(4, 2)]


def test_the_streamed_reply_lists_the_same_sources_and_says_the_same(client) -> None:
    whole = client.post("/v1/chat/completions", json=ASK).json()
    events = streamed(client, ASK)
    listed = [e["source"] for e in events if "source" in e]
    said = "".join(e["choices"][0]["delta"].get("content") or "" for e in events if e.get("choices"))
    assert [(s["paragraph"], s["marker"]) for s in listed] == [(s["paragraph"], s["marker"]) for s in whole["sources"]]
    assert said == whole["choices"][0]["message"]["content"]
    assert events[-1]["citations"] == whole["citations"]


def test_open_webui_lists_one_source_per_paragraph_in_the_order_sent(client) -> None:
    names = [e["event"]["data"]["metadata"][0]["source"] for e in streamed(client, ASK) if "event" in e]
    assert [n.split(" ")[0] for n in names] == ["¶2", "¶4"] and len(set(names)) == len(names)


def test_ask_keeps_paragraph_numbers_as_rag_ask_does(client) -> None:
    body = client.post("/v1/ask", json={"question": QUESTION, "mode": "eager"}).json()
    assert body["text"] == "Pendiri Scale AI adalah Alexandr Wang [4]." and body["citations"][0]["paragraph"] == 4


@pytest.mark.parametrize("module", [sources, openai])
def test_docstring_examples_hold(module) -> None:  # noqa: ANN001
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0


def said(events: list[dict]) -> str:
    return "".join(e["choices"][0]["delta"].get("content") or "" for e in events if e.get("choices"))


def test_open_webuis_stream_has_no_sources_text_but_every_source_event(client) -> None:
    events = streamed(client, ASK, OPEN_WEBUI)
    assert said(events) == "Pendiri Scale AI adalah Alexandr Wang [2]."  # its [2] opens the second source it lists
    assert [e["event"]["data"]["source"]["name"].split(" ")[0] for e in events if "event" in e] == ["¶2", "¶4"]
    assert [(c["paragraph"], c["marker"]) for c in events[-1]["citations"]] == [(4, 2)]


@pytest.mark.parametrize("headers", [None, OPENAI, {"user-agent": "curl/8.5.0"}, {**OPEN_WEBUI, "X-Rag-Sources-Text": "on"}])
def test_other_clients_streams_keep_the_sources_text(client, headers: dict | None) -> None:
    assert said(streamed(client, ASK, headers)).startswith("Pendiri Scale AI adalah Alexandr Wang [2].\n\nSources:\n[2] ¶4 ")


@pytest.mark.parametrize("headers,text", [
    (OPEN_WEBUI, True),                                   # a whole reply carries no source events: keep the text
    ({**OPENAI, "X-Rag-Sources-Text": "off"}, False),
    ({"X-Rag-Sources-Text": "OFF"}, False),
    ({"X-Rag-Sources-Text": "maybe"}, True),              # not on or off: as if not sent
])
def test_a_whole_reply_has_the_sources_text_unless_the_header_says_off(client, headers: dict, text: bool) -> None:
    body = client.post("/v1/chat/completions", json=ASK, headers=headers).json()
    assert ("\n\nSources:\n" in body["choices"][0]["message"]["content"]) is text
    assert [(c["paragraph"], c["marker"]) for c in body["citations"]] == [(4, 2)]  # the fields either way


def test_the_header_off_drops_the_text_from_any_stream(client) -> None:
    assert said(streamed(client, ASK, {**OPENAI, "X-Rag-Sources-Text": "off"})) == "Pendiri Scale AI adalah Alexandr Wang [2]."
