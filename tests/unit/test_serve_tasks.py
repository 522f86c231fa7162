"""A chat client's background tasks (title, tags, follow-up suggestions, ...) are recognised by their
structure and answered at once with the JSON their format asks for, without the generator."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.serve import tasks
from rag.serve.app import create_app
from rag.serve.service import Service
from rag.shared import SharedBot

HISTORY = ("USER: Berapa persen saham Scale AI yang dibeli Meta?\nASSISTANT: Meta membeli 49% saham Scale AI [2].\n\n"
           "Sources:\n[2] article.txt: Pada tahun 2025, Meta membeli 49% saham Scale AI.")
GUIDES = "\n".join(f"- Guideline {i}: keep it short, accurate and in the chat's primary language." for i in range(6))


def task_prompt(what: str, output: str, heading: str = "### Task:", history: bool = True) -> str:
    """A task prompt shaped like Open WebUI's (its own wording differs)."""
    quoted = f"\n### Chat History:\n<chat_history>\n{HISTORY}\n</chat_history>" if history else ""
    return f"{heading}\n{what}\n### Guidelines:\n{GUIDES}\n### Output:\n{output}{quoted}"


@pytest.mark.parametrize("prompt,expected", [
    (task_prompt("Write a short title for the chat.", 'JSON format: { "title": "the title" }'),
     {"title": "Berapa persen saham Scale AI yang dibeli Meta?"}),
    (task_prompt("Give 1-3 tags for the chat.", 'JSON format: { "tags": ["tag1", "tag2"] }'), {"tags": []}),
    (task_prompt("Suggest 3-5 next questions.", 'JSON format: { "follow_ups": ["Q1?", "Q2?"] }'), {"follow_ups": []}),
    (task_prompt("Decide whether to search.", 'Strictly return in JSON format:\n{\n  "queries": ["q1"]\n}'),
     {"queries": []}),
    (task_prompt("Continue the text.", 'Respond only in JSON format: `{ "text": "<completion>" }`', "### **Instructions**:\n#### Task"),
     {"text": ""}),
    (task_prompt("Name the chat.", 'Reply with JSON: {"name": "..."}', "## TASK", history=False), {"name": ""}),
])
def test_a_task_prompt_is_answered_with_the_json_its_format_asks_for(prompt: str, expected: dict) -> None:
    task = tasks.recognise(prompt)
    assert task is not None and json.loads(tasks.reply(task)) == expected


@pytest.mark.parametrize("text", [
    "Siapa pendiri Scale AI?",
    "What does the article say about the JSON format of {\"title\": ...}? " * 5,  # JSON words alone: a question
    "### Task\n" + "Berapa persen saham Scale AI yang dibeli Meta? " * 10,        # a heading alone: a question
])
def test_a_question_is_not_taken_for_a_task(text: str) -> None:
    assert tasks.recognise(text) is None


def test_a_task_without_a_json_format_is_refused_in_words() -> None:
    task = tasks.recognise(task_prompt("Summarise the chat in a paragraph.", "A paragraph of plain text."))
    assert task is not None and task.key == "" and "does not run a client's own tasks" in tasks.reply(task)


def test_a_title_is_the_first_question_cut_at_a_word_end() -> None:
    long = "USER: " + "Berapa persen saham perusahaan rintisan Scale AI yang dibeli oleh Meta pada tahun 2025?"
    assert tasks.title(long) == "Berapa persen saham perusahaan rintisan Scale AI yang dibeli…"
    assert tasks.title("ASSISTANT: Halo.\nUSER: Siapa pendirinya?") == "Siapa pendirinya?"


@pytest.fixture
def bot(make_bot):  # noqa: ANN201
    return make_bot("Pendiri Scale AI adalah Alexandr Wang [4].")


@pytest.fixture
def client(bot, settings) -> TestClient:
    return TestClient(create_app(Service(SharedBot(settings, bot), None, Path("/dev/null"))))


def test_a_task_over_the_api_costs_no_generation_even_past_the_question_limit(client, bot) -> None:
    prompt = task_prompt("Suggest next questions.", 'JSON format: { "follow_ups": ["Q1?"] }') + " " * 2500
    r = client.post("/v1/chat/completions", json={"model": "rag-bot", "messages": [{"role": "user", "content": prompt}]})
    body = r.json()
    assert r.status_code == 200 and json.loads(body["choices"][0]["message"]["content"]) == {"follow_ups": []}
    assert body["task"] == "follow_ups" and body["usage"]["total_tokens"] == 0
    assert bot.generator.messages == []


def test_a_streamed_task_is_its_json_in_one_piece(client) -> None:
    prompt = task_prompt("Write a title.", 'JSON format: { "title": "t" }')
    with client.stream("POST", "/v1/chat/completions",
                       json={"stream": True, "messages": [{"role": "user", "content": prompt}]}) as r:
        chunks = [json.loads(line[6:]) for line in r.iter_lines() if line.startswith("data: {")]
    said = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks)
    assert json.loads(said) == {"title": "Berapa persen saham Scale AI yang dibeli Meta?"}
