"""The OpenAI chat-completions shapes: the request we read, the reply and the streamed chunks we write.

The last user message is the question; the earlier user messages are its history (a follow-up such as
"Who founded it?" is made to stand alone with the question before). The reply's content is the answer
with its [n] markers (n: the n-th source, rag.serve.sources), then its cited sources as text;
`sources`, `citations`, `answered`, `confidence` and `understood_as` are extra fields. A system
message is read for one thing only, an answer language ("Answer in English", "Jawab dalam bahasa
Indonesia"); the rest of it is not followed.
"""
from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..types import Answer, Citation
from .sources import content, listed, marked

# a language instruction in a system message: an instruction word, then (within a few words) a language
_ASK = r"(?:answer|respond|reply|write|speak|talk|use|jawab\w*|balas\w*|gunakan|pakai|tulis\w*|berbicara)"
SYSTEM_LANGUAGES = {"en": re.compile(rf"\b{_ASK}\b[^.\n]{{0,40}}?\b(?:english|bahasa inggris)\b", re.I),
                    "id": re.compile(rf"\b{_ASK}\b[^.\n]{{0,40}}?\b(?:indonesian|bahasa indonesia)\b", re.I)}


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    model: str = "rag-bot"  # "" is the default too; another name is 404 model_not_found
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    stream_options: dict[str, Any] | None = None  # {"include_usage": true}: usage in a last chunk of its own
    language: Literal["auto", "id", "en"] | None = None   # ours: the answer language (default: the question's)
    mode: Literal["careful", "balanced", "eager"] | None = None  # ours: the answer mode
    model_config = {"extra": "allow"}  # temperature, max_tokens, ...: accepted, not used


class AskRequest(BaseModel):
    question: str
    language: Literal["auto", "id", "en"] | None = None
    mode: Literal["careful", "balanced", "eager"] | None = None
    history: list[str] = []


def text_of(message: Message) -> str:
    if isinstance(message.content, str):
        return message.content
    return " ".join(part.get("text", "") for part in message.content or [] if part.get("type") == "text")


def question_and_history(request: ChatRequest) -> tuple[str, list[str]]:
    users = [text_of(m) for m in request.messages if m.role == "user"]
    if not users:
        return "", []
    return users[-1], users[:-1]


def system_language(request: ChatRequest) -> str | None:
    """The answer language a system (or developer) message asks for (the last that asks for one alone); None if none does.

    >>> system_language(ChatRequest(messages=[Message(role="system", content="Always answer in English."),
    ...                                       Message(role="user", content="Siapa pendiri Scale AI?")]))
    'en'
    """
    found = None
    for m in request.messages:
        if m.role in ("system", "developer"):
            text = text_of(m)
            asked = [code for code, p in SYSTEM_LANGUAGES.items() if p.search(text)]
            found = asked[0] if len(asked) == 1 else found  # both ("in Indonesian or English"): the question's
    return found


def extras(answer: Answer, sources: list[Citation]) -> dict[str, Any]:
    """Our fields beside OpenAI's: the cited paragraphs (each with its `marker` among `sources`), whether
    it was answered, the answerability model's confidence, and a follow-up as the question it was taken to be."""
    return {"citations": marked(answer.citations, sources), "answered": answer.answered,
            "confidence": answer.confidence, "understood_as": answer.understood_as}


def usage(answer: Answer | None) -> dict[str, int]:
    """The first generation's tokens as the generator reports them (see docs/serving.md: a second try
    and the yes/no check are not counted; the openai backend reports no prompt tokens)."""
    t = answer.timings if answer else None
    prompt, done = (t.prompt_tokens, t.generated_tokens) if t else (0, 0)
    return {"prompt_tokens": prompt, "completion_tokens": done, "total_tokens": prompt + done}


def completion(answer: Answer, model: str, sent: list[Citation], text: bool = True, **more: Any) -> dict[str, Any]:
    """The whole reply: the answer with its markers counting the sources (`sent`: retrieval's paragraphs,
    listed as `sources`), its cited paragraphs as text (unless the request's `X-Rag-Sources-Text: off`
    says not: sources.as_text), and our fields."""
    sources = listed(sent, answer)
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "message": {"role": "assistant", "content": content(answer, sources, text)},
                                         "finish_reason": "stop"}],
            "usage": usage(answer), **extras(answer, sources), "sources": marked(sources, sources), **more}


def chunk(cid: str, model: str, delta: dict[str, Any] | None, finish: str | None = None, **more: Any) -> str:
    """One server-sent event; `delta` None: a chunk without choices (OpenAI's usage chunk)."""
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    body = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
            "choices": choices, **more}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"
