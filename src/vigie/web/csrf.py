"""CSRF protection, on by default: a signed double-submit token checked on every unsafe request.

Every browser gets a random ``vigie_csrf`` cookie (HttpOnly, SameSite=Lax). Pages put that value,
signed with the secret key, in a hidden ``csrf_token`` field of each form (``csrf_token(request)``
for templates); the site's own scripts may send it in an ``X-CSRF-Token`` header instead. An
unsafe request (POST, PUT, PATCH, DELETE) is accepted only when the token verifies and matches the
cookie, or when its route is one of ``EXEMPT``, each listed with its reason.

``require_csrf`` is installed as an application-wide dependency (``create_app``), the way
warehouse sets ``require_csrf=True`` as the default of every view, so a handler never checks the
token itself and a new route is protected without a line of code. It runs before the route's own
dependencies: a forged request is refused before anything looks at who sent it. Being a
dependency, its refusal is a ``PermissionDenied`` that takes the usual path (JSON error shape for
programs, the friendly page for browsers).
"""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vigie.errors import PermissionDenied
from vigie.web.forms import is_form, posted_form

COOKIE = "vigie_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MAX_TOKEN_CHARS = 500
_SALT = "vigie.csrf"

_API = (
    "JSON API: authenticates by bearer token only (never reads the session cookie), so a forged "
    "cross-site request carries no authority the forger does not already have"
)
_API_ANONYMOUS = (
    "JSON API open to anonymous callers (curl, partners) that hold no cookie and no token; it "
    "reads no session cookie, so a forged request can do only what the forger could do directly"
)
EXEMPT: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/scan"): _API_ANONYMOUS,
    ("POST", "/api/v1/scan/account"): _API_ANONYMOUS,
    ("POST", "/api/v1/reports"): _API_ANONYMOUS + " (a bearer token links the report)",
    ("POST", "/api/v1/cases/{case_id}/transition"): _API,
    ("POST", "/api/v1/cases/{case_id}/merge"): _API,
    ("POST", "/api/v1/cases/{case_id}/assign"): _API,
    ("POST", "/api/v1/cases/bulk"): _API,
    ("POST", "/api/v1/reporters/{reporter_id}/invalidate"): _API,
    ("POST", "/api/v1/reports/{report_id}/split"): _API,
    ("POST", "/api/v1/me/identity"): _API,
    ("POST", "/api/v1/me/handles"): _API,
    ("DELETE", "/api/v1/me/handles/{claim_id}"): _API,
    ("POST", "/api/v1/handles/{claim_id}/decision"): _API,
    ("POST", "/api/v1/users/{user_id}/identity"): _API,
    ("POST", "/api/v1/users/{user_id}/role"): _API,
    ("POST", "/suivi/{tracking_code}/desabonner/un-clic"): (
        "RFC 8058 one-click unsubscribe: the reporter's mail provider posts it without cookies; "
        "the signed token in the URL is the authority, and stopping that report's e-mails the "
        "only effect, so a forger can do only what the token's holder could"
    ),
}
"""Unsafe routes that take no CSRF token: (method, route path) → why that is safe."""


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


def is_exempt(method: str, path: str) -> bool:
    return method in SAFE_METHODS or (method, path) in EXEMPT


async def require_csrf(request: Request) -> None:
    """The default of every route: an unsafe request must carry a valid token (header or field)."""
    route_path = getattr(request.scope.get("route"), "path", request.url.path)
    if is_exempt(request.method, route_path):
        return
    verify_csrf(request, await _submitted(request))


async def _submitted(request: Request) -> str | None:
    token = request.headers.get(HEADER)
    if token is None and is_form(request):
        value = (await posted_form(request)).get(FIELD)
        token = value if isinstance(value, str) else None
    return token if token is not None and len(token) <= MAX_TOKEN_CHARS else None


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
