"""Security headers on every response: a strict Content-Security-Policy and friends (and ``Vary``
on HTML pages, whose language depends on the cookie and ``Accept-Language``).

``Cache-Control: no-store`` goes on every response that can hold personal data, so no shared or
browser cache keeps a reporter's e-mail, a case or a dossier: whatever is answered to a signed-in
browser or a bearer token (even the home page names the signed-in user), and the private paths
(moderation, accounts, case and evidence API, tracking pages) whoever asks.

In production every answer also carries ``Strict-Transport-Security`` (a year, subdomains too):
Vigie is served over HTTPS only there (its cookies are ``Secure``), and a browser that saw it once
never tries plain HTTP again, where a network attacker could strip TLS.

Pages load nothing from outside Vigie (``default-src 'self'``), no inline script, no framing; the
API reference at ``/api/v1/docs`` is a server-rendered page too, so one policy covers everything.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vigie.config import Environment
from vigie.web.authn import SESSION_COOKIE

STRICT_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
COMMON_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


PRIVATE_PREFIXES = (
    "/moderation",
    "/compte",
    "/suivi/",
    "/connexion",
    "/api/v1/cases",
    "/api/v1/evidence",
    "/api/v1/users",
    "/api/v1/me",
    "/api/v1/reports",
)
_SESSION = SESSION_COOKIE.encode("ascii") + b"="
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


def _production(scope: Scope) -> bool:
    app = scope.get("app")
    settings = getattr(getattr(app, "state", None), "settings", None)
    return getattr(settings, "environment", None) == Environment.PRODUCTION


def holds_personal_data(scope: Scope) -> bool:
    """Whether the answer to this request may carry personal data (and so must not be stored)."""
    path: str = scope.get("path", "")
    if path.startswith(PRIVATE_PREFIXES):
        return True
    for name, value in scope.get("headers", []):
        if name == b"authorization" or (name == b"cookie" and _SESSION in value):
            return True
    return False


class SecurityHeadersMiddleware:
    """Pure ASGI (no response buffering); headers already set by a route are left alone."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = STRICT_CSP.encode("latin-1")
        private = holds_personal_data(scope)
        hsts = _production(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [(b"content-security-policy", csp), *COMMON_HEADERS]
                if (b"content-type", b"text/html; charset=utf-8") in headers:
                    # Pages are French or English by cookie or Accept-Language: caches must know.
                    extra.append((b"vary", b"Accept-Language, Cookie"))
                if private:
                    extra.append((b"cache-control", b"no-store"))
                if hsts:
                    extra.append(HSTS)
                headers += [(name, value) for name, value in extra if name not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
