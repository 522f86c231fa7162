"""Errors as OpenAI-style JSON objects (`{"error": {"message", "type", "param", "code"}}`): the body a
route documents, and the status and type each of the library's errors is answered with."""
from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel

from ..errors import DatabaseError, DocumentError, IndexStateError, ModelError, QuestionError, RagError, SettingsError

STATUS = ((QuestionError, 400, "invalid_request_error"), (SettingsError, 400, "invalid_request_error"),
          (DocumentError, 400, "invalid_request_error"), (ModelError, 503, "server_error"),
          (IndexStateError, 503, "server_error"), (DatabaseError, 503, "server_error"))


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


def body(message: str, kind: str = "invalid_request_error", code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


def error(status: int, message: str, kind: str = "invalid_request_error", code: str | None = None) -> JSONResponse:
    return JSONResponse(body(message, kind, code), status_code=status)


def status_of(exc: Exception) -> tuple[int, str]:
    """The HTTP status and error type `exc` is answered with (500 server_error for the unexpected).

    >>> status_of(QuestionError("empty")), status_of(ModelError("down")), status_of(ZeroDivisionError())
    ((400, 'invalid_request_error'), (503, 'server_error'), (500, 'server_error'))
    """
    return next(((s, k) for t, s, k in STATUS if isinstance(exc, t)), (500, "server_error"))


def message_of(exc: Exception) -> str:
    """What a client is told of `exc`: the library's errors say what to do; others name their type only."""
    if isinstance(exc, RagError):
        return str(exc)
    return f"the server failed to answer ({type(exc).__name__}); see its log"
