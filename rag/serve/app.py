"""The HTTP API (FastAPI): OpenAI-compatible chat completions, the Answer as JSON, the library's documents.

    GET  /v1/models                 the one model, "rag-bot" (GET /v1/models/{model}: it, or 404)
    POST /v1/chat/completions       OpenAI-compatible (stream: true sends server-sent events: rag.serve.events)
    POST /v1/ask                    the Answer as JSON (the fields of `rag ask --json`)
    GET  /v1/documents              the kept documents
    POST /v1/documents              keep uploaded files (editor)
    DELETE /v1/documents/{id}       stop keeping one (editor)
    GET  /health                    {"status": "ok"}, no key needed
    GET  /metrics                   Prometheus text format; an admin's key when there are users

Every error is an OpenAI-style JSON error object, never a traceback: 400 (a bad question, with the
QuestionError's message), 401 (no key, a wrong key), 403 (a role that may not), 404 (an unknown
document; an unknown model: model_not_found), 413 (a body or file over its limit, counted as it
arrives), 415 (a document type not supported), 503 (the generator is down: ModelError). Each request
is logged and counted once it is done (rag.serve.observe).
"""
from __future__ import annotations

import logging
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, Header, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..documents.readers import SUFFIXES
from ..errors import RagError
from . import chat, openai
from .errors import error, errors, message_of, status_of
from .gate import Gate
from .observe import Observe
from .service import MAX_FILES, Refused, Service

log = logging.getLogger(__name__)


def create_app(service: Service, local: bool = False) -> FastAPI:
    """The API over `service`; `local`: served on a loopback address (a Host that is not loopback is refused)."""
    app = FastAPI(title="rag-bot", version="1", description="Ask the documents, in Indonesian or English, with citations.")

    app.add_middleware(Gate, service=service, local=local)  # origin, key, role, body size: before any body is read
    app.add_middleware(Observe, metrics=service.metrics)  # outermost: every request logged and counted

    @app.exception_handler(Refused)
    async def refused(_: Request, exc: Refused) -> JSONResponse:
        return error(exc.status, exc.message, exc.kind, exc.code)

    @app.exception_handler(RagError)
    async def rag_error(_: Request, exc: RagError) -> JSONResponse:
        status, kind = status_of(exc)
        return error(status, message_of(exc), kind)

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
        return error(500, message_of(exc), "server_error")

    @app.get("/v1/models", responses=errors())
    def models(authorization: str | None = Header(None)) -> dict[str, Any]:
        service.user(authorization)
        return {"object": "list", "data": [{"id": service.model, "object": "model", "created": 0, "owned_by": "rag-bot"}]}

    @app.get("/v1/models/{model}", responses=errors(404))
    def model(model: str, authorization: str | None = Header(None)) -> dict[str, Any]:
        service.user(authorization)
        chat.known(model, service.model)
        return {"id": service.model, "object": "model", "created": 0, "owned_by": "rag-bot"}

    chat.register(app, service)

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "model": service.model}

    @app.get("/metrics", response_class=Response, responses={**errors(403), 200: {"content": {"text/plain": {}}}})
    def metrics(request: Request, authorization: str | None = Header(None)) -> Response:
        user = service.user(authorization)
        request.state.user = user.name
        service.allow(user, "users")  # an admin's key when there are users (no users: loopback only, open)
        return Response(service.metrics.text(), media_type=CONTENT_TYPE_LATEST)

    @app.post("/v1/ask", responses=errors(403, 503))
    def ask(body: openai.AskRequest, request: Request, authorization: str | None = Header(None)) -> dict[str, Any]:
        service.allow(service.user(authorization), "ask")
        request.state.question = body.question
        answer = service.shared.current().ask(body.question, chat.language_of(body.language), body.history, body.mode)
        request.state.outcome = "answered" if answer.answered else "refused"
        return answer.to_dict()

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

