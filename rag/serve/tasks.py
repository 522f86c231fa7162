"""Requests that are instructions to a model, not questions to the documents: a chat client's own
background tasks (Open WebUI's title, tags, follow-up suggestions, search queries, autocompletion),
recognised by their structure and answered at once, without the generator.

A task is a long message with at least two of: a "### Task" heading, a `<chat_history>` block, and an
output format asking for a JSON object (`{ "title": ... }`). Its answer is that object, filled honestly
without a model: a title is the conversation's first question (cut at a word end), a list is empty
(no tags, no suggestions, no queries), any other text is empty. A task with no JSON format is refused.

>>> task = recognise('### Task:\\nGenerate a concise title.\\n### Output:\\nJSON format: { "title": "x" }\\n'
...                  '### Chat History:\\n<chat_history>\\nUSER: Siapa pendiri Scale AI?\\n</chat_history>' + ' ' * 200)
>>> task.key, reply(task)
('title', '{"title": "Siapa pendiri Scale AI?"}')
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

MIN_CHARS = 200   # shorter messages are questions, whatever they look like
TITLE_CHARS = 60  # a title from the question: cut at a word end within this
HEADING = re.compile(r"^\s*#{1,6}\s*\**\s*task\b", re.I | re.M)
HISTORY = re.compile(r"<chat_history>(.*?)(?:</chat_history>|$)", re.I | re.S)
OUTPUT = re.compile(r"^\s*#{1,6}\s*\**\s*output", re.I | re.M)
FORMAT = re.compile(r"""\{\s*["'](\w+)["']\s*:\s*([\["'])""")  # { "key": [ ...  or  { "key": "...
SPEAKER = re.compile(r"^\s*(USER|ASSISTANT|SYSTEM)\s*:\s?", re.M)
REFUSAL = ("rag-bot answers questions about its documents; it does not run a client's own tasks "
           "(turn them off in the client, see docs/serving.md).")


@dataclass(frozen=True)
class Task:
    """A recognised task: the JSON key its output asks for ("" when it asks for none), whether that
    key holds a list, and the chat history it quotes."""

    key: str
    listed: bool
    history: str


def recognise(text: str) -> Task | None:
    """The task `text` is, or None when it is a question (see the module)."""
    if len(text) < MIN_CHARS:
        return None
    history = HISTORY.search(text)
    output = OUTPUT.search(text)
    wanted = FORMAT.search(text, output.start() if output else 0) or FORMAT.search(text)
    json_asked = bool(wanted) and "json" in text.lower()
    if sum((bool(HEADING.search(text)), bool(history), json_asked)) < 2:
        return None
    key, listed = (wanted.group(1), wanted.group(2) == "[") if json_asked else ("", False)
    return Task(key, listed, history.group(1).strip() if history else "")


def first_question(history: str) -> str:
    """The first user message of a quoted chat history ("USER: ...\\nASSISTANT: ..."), on one line."""
    turns = SPEAKER.split(history)
    said = [(who.upper(), text) for who, text in zip(turns[1::2], turns[2::2])]
    first = next((text for who, text in said if who == "USER"), said[0][1] if said else history)
    return " ".join(first.split())


def title(history: str) -> str:
    """A plain title: the first question, cut at a word end within TITLE_CHARS.

    >>> title("USER: Berapa persen saham Scale AI yang dibeli oleh Meta pada tahun 2025 menurut artikel?")
    'Berapa persen saham Scale AI yang dibeli oleh Meta pada…'
    """
    text = first_question(history)
    if len(text) <= TITLE_CHARS:
        return text
    return text[:TITLE_CHARS + 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def reply(task: Task) -> str:
    """The task's answer: the JSON object its format asks for, or a refusal when it asks for none."""
    if not task.key:
        return REFUSAL
    value: str | list = [] if task.listed else (title(task.history) if task.key == "title" else "")
    return json.dumps({task.key: value}, ensure_ascii=False)
