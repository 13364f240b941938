"""CSRF protection for HTML forms: a signed double-submit token.

Every browser gets a random ``vigie_csrf`` cookie (HttpOnly, SameSite=Lax). Forms carry a hidden
``csrf_token`` field holding that value signed with the secret key; a POST is accepted only when the
field verifies and matches the cookie. Bearer-token API calls are not cookie-authenticated and so do
not need it.
"""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vigie.errors import PermissionDenied

COOKIE = "vigie_csrf"
FIELD = "csrf_token"
_SALT = "vigie.csrf"


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=_SALT)


def browser_id(request: Request) -> str:
    """The cookie value, or the one the middleware is about to set on this response."""
    value = request.cookies.get(COOKIE) or request.scope.get("vigie.csrf_new")
    return str(value or "")


def csrf_token(request: Request) -> str:
    return str(_serializer(request.app.state.settings.secret_key).dumps(browser_id(request)))


def verify_csrf(request: Request, submitted: str | None) -> None:
    cookie = request.cookies.get(COOKIE, "")
    try:
        signed_value = _serializer(request.app.state.settings.secret_key).loads(submitted or "")
    except BadSignature:
        signed_value = None
    if (
        not cookie
        or not isinstance(signed_value, str)
        or not hmac.compare_digest(signed_value, cookie)
    ):
        raise PermissionDenied(
            "Le formulaire a expiré ou n'a pas été envoyé depuis Vigie : rechargez la page et réessayez.",
            details={"field": FIELD},
        )


class CSRFCookieMiddleware:
    """Gives every browser its random CSRF cookie on first visit (pure ASGI, no buffering)."""

    def __init__(self, app: ASGIApp, *, secure: bool = False) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.cookies.get(COOKIE):
            await self.app(scope, receive, send)
            return
        new_value = secrets.token_urlsafe(32)
        scope["vigie.csrf_new"] = new_value
        cookie = f"{COOKIE}={new_value}; Path=/; HttpOnly; SameSite=Lax"
        if self.secure:
            cookie += "; Secure"

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"set-cookie", cookie.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)
