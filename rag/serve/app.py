"""The HTTP API (FastAPI): OpenAI-compatible chat completions, the Answer as JSON, the library's documents.

    GET  /v1/models                 the one model, "rag-bot"
    POST /v1/chat/completions       OpenAI-compatible (stream: true sends server-sent events)
    POST /v1/ask                    the Answer as JSON (the fields of `rag ask --json`)
    GET  /v1/documents              the kept documents
    POST /v1/documents              keep uploaded files (editor)
    DELETE /v1/documents/{id}       stop keeping one (editor)

Every error is an OpenAI-style JSON error object, never a traceback: 400 (a bad question, with the
QuestionError's message), 401 (no key, a wrong key), 403 (a role that may not), 404, 413 (a body or
file over its limit, counted as it arrives), 415 (a document type not supported), 503 (the generator is down: ModelError).
"""
from __future__ import annotations

import logging
import tempfile
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, Header, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..documents.readers import SUFFIXES
from ..errors import DocumentError, IndexStateError, ModelError, QuestionError, RagError, SettingsError
from . import openai
from .gate import Gate
from .service import MAX_FILES, Refused, Service

log = logging.getLogger(__name__)
STATUS = ((QuestionError, 400, "invalid_request_error"), (SettingsError, 400, "invalid_request_error"),
          (DocumentError, 400, "invalid_request_error"), (ModelError, 503, "server_error"),
          (IndexStateError, 503, "server_error"))


class ErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class ErrorBody(BaseModel):
    """An OpenAI-style error object."""

    error: ErrorDetail


def errors(*codes: int) -> dict[int, dict]:
    """The error responses a route documents in the OpenAPI schema."""
    return {code: {"model": ErrorBody} for code in (400, 401, 413, 500, *codes)}


def error(status: int, message: str, kind: str = "invalid_request_error", code: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": kind, "param": None, "code": code}}, status_code=status)


def create_app(service: Service, local: bool = False) -> FastAPI:
    """The API over `service`; `local`: served on a loopback address (a Host that is not loopback is refused)."""
    app = FastAPI(title="rag-bot", version="1", description="Ask the documents, in Indonesian or English, with citations.")

    app.add_middleware(Gate, service=service, local=local)  # origin, key, role, body size: before any body is read

    @app.exception_handler(Refused)
    async def refused(_: Request, exc: Refused) -> JSONResponse:
        return error(exc.status, exc.message, exc.kind, exc.code)

    @app.exception_handler(RagError)
    async def rag_error(_: Request, exc: RagError) -> JSONResponse:
        status, kind = next(((s, k) for t, s, k in STATUS if isinstance(exc, t)), (500, "server_error"))
        return error(status, str(exc), kind)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:  # e.g. a body that is not JSON
        kind = "invalid_request_error" if exc.status_code < 500 else "server_error"
        return error(exc.status_code, str(exc.detail), kind)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return error(400, f"{where or 'request'}: {first.get('msg', 'not valid')}")

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed")
        return error(500, f"the server failed to answer ({type(exc).__name__}); see its log", "server_error")

    @app.get("/v1/models", responses=errors())
    def models(authorization: str | None = Header(None)) -> dict[str, Any]:
        service.user(authorization)
        return {"object": "list", "data": [{"id": service.model, "object": "model", "created": 0, "owned_by": "rag-bot"}]}

    streamed = {200: {"content": {"application/json": {}, "text/event-stream": {}}}}

    @app.post("/v1/chat/completions", response_model=None, responses={**errors(403, 503), **streamed})
    def chat(body: openai.ChatRequest, authorization: str | None = Header(None)) -> dict | StreamingResponse:
        service.allow(service.user(authorization), "ask")
        question, history = openai.question_and_history(body)
        bot = service.shared.current()
        answer = bot.stream(question, _language(body.language), history, body.mode).answer  # decided before a byte is sent
        if not body.stream:
            return openai.completion(answer, service.model)
        cid = f"chatcmpl-{uuid.uuid4().hex}"

        def events():  # noqa: ANN202
            yield openai.chunk(cid, service.model, {"role": "assistant", "content": ""})
            yield openai.chunk(cid, service.model, {"content": openai.content(answer)})
            yield openai.chunk(cid, service.model, {}, "stop", **openai.extras(answer))
            yield "data: [DONE]\n\n"
        return StreamingResponse(events(), media_type="text/event-stream")

    @app.post("/v1/ask", responses=errors(403, 503))
    def ask(body: openai.AskRequest, authorization: str | None = Header(None)) -> dict[str, Any]:
        service.allow(service.user(authorization), "ask")
        return service.shared.current().ask(body.question, _language(body.language), body.history, body.mode).to_dict()

    @app.get("/v1/documents", responses=errors())
    def documents(authorization: str | None = Header(None)) -> dict[str, Any]:
        service.user(authorization)
        bot = service.shared.current()
        counts = Counter(p.source for p in bot.paragraphs)
        return {"object": "list", "data": [{"id": e.id, "name": e.name, "paragraphs": counts.get(e.name, 0)}
                                            for e in service.shared.library.entries()]}

    @app.post("/v1/documents", responses=errors(403, 415, 503))
    def keep(files: list[UploadFile] = File(...), authorization: str | None = Header(None)) -> dict[str, Any]:  # noqa: B008
        user = service.user(authorization)
        service.allow(user, "library")
        limit = service.shared.base.max_document_bytes
        names = [Path(f.filename or "document").name for f in files]
        if len(files) > MAX_FILES:
            raise Refused(400, f"{len(files)} files in one upload; at most {MAX_FILES}", code="too_many_files")
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise Refused(400, f"two files named {', '.join(twice)} in one upload: rename one, or send them apart",
                          code="duplicate_name")
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for f, name in zip(files, names):
                if Path(name).suffix.lower() not in SUFFIXES:
                    raise Refused(415, f"{name}: only {', '.join(SUFFIXES)} documents are supported", code="unsupported_type")
                data = f.file.read(limit + 1)
                if len(data) > limit:
                    raise Refused(413, f"{name} is over the {limit:,}-byte limit a document", code="too_large")
                (Path(folder) / name).write_bytes(data)
                paths.append(Path(folder) / name)
            added = service.shared.keep(paths, user.name, "api")
        return {"object": "list", "data": [{"id": e.id, "name": e.name} for e in added]}

    @app.delete("/v1/documents/{entry_id}", responses=errors(403, 404, 503))
    def remove(entry_id: str, authorization: str | None = Header(None)) -> dict[str, Any]:
        user = service.user(authorization)
        service.allow(user, "library")
        if entry_id not in {e.id for e in service.shared.library.entries()}:
            raise Refused(404, f"no document {entry_id!r} in the library (GET /v1/documents lists them)", code="not_found")
        gone = service.shared.remove(entry_id, user.name, "api")
        return {"id": gone.id, "name": gone.name, "deleted": True}

    return app


def _language(choice: str | None) -> str | None:
    return None if choice in (None, "auto") else choice
