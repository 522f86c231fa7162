"""What the HTTP API serves from: the shared bot, the accounts (or none: no login), the audit log, the metrics."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..access.accounts import Accounts, User, may
from ..access.audit import AuditLog
from ..errors import DatabaseError
from ..shared import SharedBot
from .observe import Metrics

ANONYMOUS = User("anonymous", "admin")  # no users file: one person's machine, everything allowed
MAX_BODY = 1_000_000  # bytes of a JSON request
MAX_FILES = 10       # files in one upload (POST /v1/documents)


class Refused(Exception):
    """An HTTP refusal with its status and an OpenAI-style error type."""

    def __init__(self, status: int, message: str, kind: str = "invalid_request_error", code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.code = status, message, kind, code


@dataclass
class Service:
    shared: SharedBot
    accounts: Accounts | None   # None: no login (no users file, on 127.0.0.1 or with --no-auth)
    audit: AuditLog
    model: str = "rag-bot"
    keep_alive: float = 5.0   # seconds between `: keep-alive` lines while a streamed answer is made
    metrics: Metrics = field(default_factory=Metrics)

    def user(self, authorization: str | None) -> User:
        """The user an `Authorization: Bearer KEY` header names; Refused(401) for none or a wrong one."""
        if self.accounts is None:
            return ANONYMOUS
        scheme, _, key = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise Refused(401, "no API key: send 'Authorization: Bearer KEY' (rag users key NAME makes one)",
                          "authentication_error", "missing_api_key")
        try:
            user = self.accounts.by_key(key.strip())
        except DatabaseError as exc:  # the keys are in PostgreSQL, and it is away: say so, not 500
            raise Refused(503, str(exc), "server_error", "database_unavailable") from exc
        if user is None:
            raise Refused(401, "the API key is not valid (rag users key NAME makes a new one)",
                          "authentication_error", "invalid_api_key")
        return user

    def allow(self, user: User, action: str) -> None:
        if not may(user.role, action):
            raise Refused(403, f"{user.name} is a {user.role}: {action} needs a higher role "
                               f"(rag users shows roles)", "permission_error", "forbidden")
