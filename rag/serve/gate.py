"""The API's gate (ASGI middleware), before any route reads a byte of the body:

1. a state-changing request (POST, PUT, PATCH, DELETE) whose `Origin` is another site's is refused
   (403): a web page cannot make the browser post a form to the bot (curl and the openai client send
   no Origin); a login-free loopback server refuses a Host that is not a loopback name (DNS rebinding;
   with keys it needs none, and a reverse proxy in front may pass its own name);
2. the API key, and the role the route needs, are checked (401, 403): FastAPI reads and parses a body
   before it runs a route's dependencies, so this cannot be a dependency;
3. the body is counted as it arrives, chunked or not, and refused at its limit (413): 1 MB of JSON,
   a document upload `max_document_bytes` and its form's overhead.

Only `/v1/...` is gated; `/health` is open and `/metrics` checks its own key (an admin's, when there are
users: rag.serve.app); the UI's routes beside them (`rag-ui --api`) are Gradio's.
"""
from __future__ import annotations

import json
from typing import Any, Awaitable, Callable
from urllib.parse import urlsplit

from starlette.datastructures import Headers

from ..access.network import loopback
from .service import MAX_BODY, Refused, Service

WRITES = ("POST", "PUT", "PATCH", "DELETE")
DEFAULT_PORTS = {"http": 80, "https": 443}
FORM_OVERHEAD = 65_536  # a multipart form's boundaries and part headers beside its files
# the action each route needs beyond a valid key ("" : a key is enough)
ACTIONS = {("POST", "/v1/chat/completions"): "ask", ("POST", "/v1/ask"): "ask",
           ("POST", "/v1/documents"): "library", ("DELETE", "/v1/documents/"): "library"}
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


def action_of(method: str, path: str) -> str:
    """The action a request needs (rag.access.accounts.ACTIONS), "" when a valid key is enough.

    >>> action_of("POST", "/v1/ask"), action_of("DELETE", "/v1/documents/abc"), action_of("GET", "/v1/models")
    ('ask', 'library', '')
    """
    exact = ACTIONS.get((method, path))
    if exact is not None:
        return exact
    return next((a for (m, prefix), a in ACTIONS.items() if m == method and prefix.endswith("/")
                 and path.startswith(prefix)), "")


def origin_of(scheme: str, host: str) -> tuple[str, str, int]:
    """(scheme, host name, port) of an origin, the default port filled in.

    >>> origin_of("http", "127.0.0.1:8000"), origin_of("https", "[::1]")
    (('http', '127.0.0.1', 8000), ('https', '::1', 443))
    """
    parts = urlsplit(f"{scheme}://{host}")
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme.lower(), (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(scheme.lower(), 0)


def same_origin(origin: str, scheme: str, host: str) -> bool:
    """Whether an `Origin` header names this server (its scheme, and the Host the client asked for).

    >>> same_origin("http://127.0.0.1:8000", "http", "127.0.0.1:8000"), same_origin("http://127.0.0.1:9000", "http", "127.0.0.1:8000")
    (True, False)
    """
    theirs = urlsplit(origin.strip())
    if not theirs.scheme or not theirs.netloc:
        return False  # "null" (a sandboxed frame, a file), or garbage
    return origin_of(theirs.scheme, theirs.netloc) == origin_of(scheme, host)


class Gate:
    """ASGI middleware: origin, key and role, then the body counted up to its limit (see the module)."""

    def __init__(self, app: Any, service: Service, local: bool = False) -> None:
        self.app, self.service, self.local = app, service, local

    def limit(self, path: str) -> int:
        if path.rstrip("/") == "/v1/documents":
            return self.service.shared.base.max_document_bytes + FORM_OVERHEAD
        return MAX_BODY

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        try:
            body = await self.admit(scope, receive)
        except Refused as exc:
            await refuse(send, exc)
            return
        if body is None:  # the client went away while sending
            return
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: a disconnect, when it comes
        await self.app(scope, replay, send)

    async def admit(self, scope: dict, receive: Receive) -> bytes | None:
        """The request's body once origin, key, role and size pass; Refused otherwise (None: the client left)."""
        headers, method, path = Headers(scope=scope), scope["method"], scope["path"]
        self.check_origin(headers, scope.get("scheme", "http"), method in WRITES)
        user = self.service.user(headers.get("authorization"))
        scope.setdefault("state", {})["user"] = user.name  # for the request's log line (rag.serve.observe)
        self.service.allow(user, action_of(method, path) or "ask")
        limit = self.limit(path)
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise Refused(400, f"Content-Length {declared[:40]!r} is not a number", code="bad_length")
            if int(declared) > limit:
                raise Refused(413, f"the request body is {int(declared):,} bytes; the limit is {limit:,}", code="too_large")
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            if len(body) > limit:
                raise Refused(413, f"the request body is over its limit of {limit:,} bytes", code="too_large")
            if not message.get("more_body", False):
                return bytes(body)

    def check_origin(self, headers: Headers, scheme: str, write: bool) -> None:
        host = headers.get("host", "")
        if self.local and self.service.accounts is None and not loopback(origin_of(scheme, host)[1]):
            raise Refused(403, f"this server answers only on this machine, not as {host!r} (a DNS rebinding page?)",
                          "permission_error", "foreign_host")
        origin = headers.get("origin")
        if write and origin is not None and not same_origin(origin, scheme, host):
            raise Refused(403, f"a request from another site ({origin[:100]}) may not change anything here; "
                               "send it without an Origin header (curl, the openai client) or from this server's "
                               "own pages", "permission_error", "cross_origin")


async def refuse(send: Send, exc: Refused) -> None:
    """Send `exc` as an OpenAI-style error object (the server drops what is left of the body unread)."""
    body = json.dumps({"error": {"message": exc.message, "type": exc.kind, "param": None, "code": exc.code}}).encode()
    await send({"type": "http.response.start", "status": exc.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
