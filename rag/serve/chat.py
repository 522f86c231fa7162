"""POST /v1/chat/completions: a client's background task answered at once (rag.serve.tasks), else the
bot's answer, whole or streamed as it is made (rag.serve.events)."""
from __future__ import annotations

import logging
import uuid
from typing import Any, Iterator

from fastapi import FastAPI, Header, Request
from fastapi.responses import StreamingResponse

from ..types import Answer
from . import errors, openai, sources, tasks
from .events import events
from .service import Refused, Service

log = logging.getLogger(__name__)
SSE = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}  # no proxy holds the events back (nginx)


def register(app: FastAPI, service: Service) -> None:
    streamed = {200: {"content": {"application/json": {}, "text/event-stream": {}}}}

    @app.post("/v1/chat/completions", response_model=None, responses={**errors.errors(403, 404, 503), **streamed})
    def chat(body: openai.ChatRequest, request: Request,
             authorization: str | None = Header(None)) -> dict | StreamingResponse:
        service.allow(service.user(authorization), "ask")
        known(body.model, service.model)
        question, history = openai.question_and_history(body)
        task = tasks.recognise(question)
        if task is not None:
            request.state.outcome = f"task:{task.key or 'refused'}"
            answer = Answer(tasks.reply(task), "", bool(task.key))
            if body.stream:
                return StreamingResponse(whole(answer, service.model), media_type="text/event-stream", headers=SSE)
            return openai.completion(answer, service.model, [], task=task.key or None)
        request.state.question = question
        language = language_of(body.language) or openai.system_language(body)
        stream = service.shared.current().stream(question, language, history, body.mode)  # a bad question: 400 here
        if not body.stream:
            answer = stream.answer
            request.state.outcome = "answered" if answer.answered else "refused"
            text = sources.as_text(request.headers.get(sources.HEADER), request.headers.get("user-agent"), False)
            return openai.completion(answer, service.model, stream.candidates, text=text)

        def failed(exc: Exception) -> dict[str, Any]:
            status, kind = errors.status_of(exc)
            if status == 500:
                log.error("a streamed answer failed", exc_info=exc)
            return errors.body(errors.message_of(exc), kind)

        def done(answer: Answer | None, outcome: str) -> None:
            request.state.outcome = outcome
        usage_apart = bool((body.stream_options or {}).get("include_usage"))
        text = sources.as_text(request.headers.get(sources.HEADER), request.headers.get("user-agent"), True)
        return StreamingResponse(events(stream, service.model, service.keep_alive, usage_apart, failed, done, text),
                                 media_type="text/event-stream", headers=SSE)


def known(model: str, served: str) -> None:
    """Refused(404 model_not_found) unless `model` is the served one (or empty: the default)."""
    if model not in ("", served):
        raise Refused(404, f"The model `{model[:100]}` does not exist; this server serves `{served}` "
                           "(GET /v1/models)", code="model_not_found")


def whole(answer: Answer, model: str) -> Iterator[str]:
    """An answer ready at once (a task's) as the events of a stream."""
    cid = f"chatcmpl-{uuid.uuid4().hex}"
    yield openai.chunk(cid, model, {"role": "assistant", "content": ""})
    yield openai.chunk(cid, model, {"content": answer.text})
    yield openai.chunk(cid, model, {}, "stop", **openai.extras(answer, []), usage=openai.usage(None))
    yield "data: [DONE]\n\n"


def language_of(choice: str | None) -> str | None:
    return None if choice in (None, "auto") else choice
