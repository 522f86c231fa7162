"""Logins and roles in the browser: Gradio's `auth` checked against the accounts, failed logins limited
per name and per address, and what each role may see and do.

Gradio's login route calls the `auth` function with the name and password only; the client's address
comes from `ClientAddress`, an ASGI middleware that keeps it for the request being handled. A blocked
login is refused with HTTP 429 and says when to try again. `Logins`, another middleware, ends a browser
session whose user was removed or whose password changed since (every request is checked: asking,
uploading, keeping, and the page itself, which then asks for a login again).
"""
from __future__ import annotations

import contextvars
from http.cookies import SimpleCookie
from typing import Any, Callable

import gradio as gr
from fastapi import HTTPException

from rag.access.accounts import Accounts, may
from rag.access.limits import Limiter

_ADDRESS: contextvars.ContextVar[str] = contextvars.ContextVar("client_address", default="?")
LOGIN_NOTE = ("Log in with the name and password your administrator gave you (rag users). After 5 failed "
              "logins in a minute, that name and that address wait a minute.")


class ClientAddress:
    """ASGI middleware: the client's address, for the login check of this request."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") == "http" and scope.get("client"):
            _ADDRESS.set(str(scope["client"][0]))
        await self.app(scope, receive, send)


class Logins:
    """ASGI middleware: a Gradio login token whose user is gone, or whose password changed after the token
    was first seen, is dropped from Gradio's tokens before Gradio looks at it, so that request and every
    later one with it are not logged in (HTTP 401; the page asks for a login)."""

    def __init__(self, app: Any, accounts: Accounts) -> None:
        self.app, self.accounts = app, accounts
        self.seen: dict[str, str] = {}  # token -> the user's stamp when the token was first seen

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") in ("http", "websocket"):
            self.check(scope)
        await self.app(scope, receive, send)

    def check(self, scope: dict) -> None:
        tokens = _gradio_tokens(scope.get("app"))
        cookie = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"cookie"), "")
        if tokens is None or "access-token" not in cookie:
            return
        for name, morsel in SimpleCookie(cookie).items():
            token = morsel.value
            if not name.startswith("access-token") or token not in tokens:
                continue
            stamp = self.accounts.stamp(tokens[token])
            if stamp is None or self.seen.setdefault(token, stamp) != stamp:
                tokens.pop(token, None)
                self.seen.pop(token, None)


def _gradio_tokens(app: Any) -> dict[str, str] | None:
    """Gradio's login tokens (token -> user name): the app's own, or those of the Gradio app mounted in it."""
    if hasattr(app, "tokens"):
        return app.tokens
    return next((r.app.tokens for r in getattr(app, "routes", []) if hasattr(getattr(r, "app", None), "tokens")), None)


def login(accounts: Accounts, limiter: Limiter) -> Callable[[str, str], bool]:
    """Gradio's `auth`: True for a right password; HTTP 429 while the name or address is blocked."""
    def check(name: str, password: str) -> bool:
        address = _ADDRESS.get()
        blocked = limiter.message(name, address)
        if blocked:
            raise HTTPException(status_code=429, detail=blocked)
        if accounts.verify(name, password) is None:
            limiter.failed(name, address)
            return False
        return True
    return check


def role_of(accounts: Accounts | None, request: gr.Request | None) -> str:
    """The logged-in user's role ("admin" with no accounts: one person's machine); "" when unknown."""
    if accounts is None:
        return "admin"
    name = getattr(request, "username", None) if request is not None else None
    user = accounts.get(name) if name else None
    return user.role if user else ""


def user_of(request: gr.Request | None) -> str:
    return (getattr(request, "username", None) if request is not None else None) or ""


def allowed(accounts: Accounts | None, request: gr.Request | None, action: str) -> bool:
    role = role_of(accounts, request)
    return bool(role) and may(role, action)
