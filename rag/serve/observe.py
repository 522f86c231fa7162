"""Each request observed once its last byte is sent: one log line (`rag.serve.logs`) and the counters
of `/metrics` (Prometheus text format, one registry per app).

The routes and the gate leave what they know in the request's state: `user` (the gate, once the key
is checked), `outcome` ("answered", "refused", "task:title", "failed", "gone": the client left) and
`question` (logged at debug level only).
"""
from __future__ import annotations

import logging
import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

from .logs import LOGGER, line, now

log = logging.getLogger(f"{LOGGER}.requests")
ROUTES = ("/v1/chat/completions", "/v1/ask", "/v1/models", "/v1/documents", "/health", "/metrics")
QUIET = ("/health", "/metrics")  # probes and scrapes: logged at debug level only
ANSWERED = ("answered", "refused")
BUCKETS = (0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300)


def route_of(path: str) -> str:
    """A path as a metrics label (a bounded set).

    >>> route_of("/v1/documents/ab12"), route_of("/v1/ask"), route_of("/wp-admin")
    ('/v1/documents/{id}', '/v1/ask', 'other')
    """
    if path in ROUTES:
        return path
    for prefix in ("/v1/documents/", "/v1/models/"):
        if path.startswith(prefix):
            return prefix + ("{id}" if "documents" in prefix else "{model}")
    return "other"


class Metrics:
    """Requests by route and status, server-side errors, answer seconds, client tasks answered."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("rag_requests", "HTTP requests, by route and status", ("route", "status"),
                                registry=self.registry)
        self.errors = Counter("rag_errors", "requests that failed on the server's side (status >= 500, or an "
                              "error event inside a stream)", ("route",), registry=self.registry)
        self.answers = Histogram("rag_answer_seconds", "seconds from a question's request to its decided answer",
                                 ("outcome",), buckets=BUCKETS, registry=self.registry)
        self.tasks = Counter("rag_tasks", "client background tasks answered without the generator", ("kind",),
                             registry=self.registry)

    def text(self) -> bytes:
        return generate_latest(self.registry)

    def record(self, route: str, status: int, outcome: str, seconds: float) -> None:
        self.requests.labels(route, str(status)).inc()
        if status >= 500 or outcome == "failed":
            self.errors.labels(route).inc()
        if outcome in ANSWERED:
            self.answers.labels(outcome).observe(seconds)
        elif outcome.startswith("task:"):
            self.tasks.labels(outcome.removeprefix("task:")).inc()


class Observe:
    """ASGI middleware, outermost: times each request and, once it is done, logs and counts it."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start, status = time.perf_counter(), 500
        state = scope.setdefault("state", {})

        async def sending(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)
        try:
            await self.app(scope, receive, sending)
        finally:
            self.done(scope, state, status, time.perf_counter() - start)

    def done(self, scope: dict, state: dict, status: int, seconds: float) -> None:
        path, outcome = scope["path"], str(state.get("outcome", ""))
        self.metrics.record(route_of(path), status, outcome, seconds)
        level = logging.DEBUG if path in QUIET else logging.INFO
        if not log.isEnabledFor(level):
            return
        fields = {"time": now(), "user": state.get("user", "-"), "method": scope["method"], "route": path,
                  "status": status, "seconds": round(seconds, 3), "outcome": outcome}
        if "question" in state and log.isEnabledFor(logging.DEBUG):
            fields["question"] = state["question"]
        log.log(level, line(fields), extra={"fields": fields})
