"""The OpenAI chat-completions shapes: the request we read, the reply and the streamed chunks we write.

The last user message is the question; the earlier user messages are its history (follow-ups such as
"Who founded it?" are searched with the question before). The reply's content is the answer with its
[n] markers, then its sources; `citations`, `answered` and `confidence` are extra fields.
"""
from __future__ import annotations

import json
import time
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..types import Answer


class Message(BaseModel):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    model: str = "rag-bot"
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
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


def content(answer: Answer) -> str:
    """The answer, then its sources, as one text."""
    if not answer.citations:
        return answer.text
    sources = "\n".join(f"[{c.paragraph}] {c.source}{' · ' + c.section if c.section else ''}"
                        f"{' · p. ' + str(c.page) if c.page else ''}: {' '.join(c.text.split())[:300]}"
                        for c in answer.citations)
    return f"{answer.text}\n\nSources:\n{sources}"


def extras(answer: Answer) -> dict[str, Any]:
    return {"citations": [c.__dict__ for c in answer.citations], "answered": answer.answered,
            "confidence": answer.confidence}


def completion(answer: Answer, model: str) -> dict[str, Any]:
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "message": {"role": "assistant", "content": content(answer)},
                                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}, **extras(answer)}


def chunk(cid: str, model: str, delta: dict[str, Any], finish: str | None = None, **more: Any) -> str:
    body = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **more}
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"
