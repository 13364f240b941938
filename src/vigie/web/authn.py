"""Who is calling: session cookies for pages, bearer tokens for the API, and ``require``.

A session cookie is signed (itsdangerous) and names the user, a random session id and its issue
time; whether the session still holds — absolute lifetime, idle timeout, signed out, revoked by a
role change or an admin — is decided by the server-side records of ``vigie.accounts.sessions``, so
a stolen or replayed cookie stops working when its session ends, on every worker. A second signed
cookie, ``vigie_device``, remembers that this browser signed in to an account before: sign-in
throttling (``vigie.accounts.signin_throttle``) counts its tries apart from everyone else's, so
strangers' failures never slow the owner down. Every protected route declares ``Depends(require(Permission.X))`` (or ``api=True``
for bearer-token routes); the dependency object keeps its permission so the permission-matrix test
can find every protected route and check it for each role.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from vigie.accounts import sessions
from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser, user_by_id, user_for_token
from vigie.config import Environment, Settings
from vigie.db.engine import transaction
from vigie.errors import AuthenticationRequired, PermissionDenied
from vigie.web.deps import get_session

SESSION_COOKIE = "vigie_session"
DEVICE_COOKIE = "vigie_device"
DEVICE_MAX_AGE = 365 * 86_400
_SALT = "vigie.session"
_DEVICE_SALT = "vigie.device"


class LoginRequired(AuthenticationRequired):
    """A page needs a signed-in user: browsers are sent to the sign-in page instead of a 401."""


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=_SALT)


def set_session(
    response: Response, settings: Settings, user: CurrentUser, *, not_before_ms: int = 0
) -> None:
    """Open a new session for ``user`` (a fresh id: a session is never reused across sign-ins).
    ``not_before_ms``: the cutoff that just ended the user's other sessions (a password change),
    so this one, issued in that same millisecond, is not ended with them."""
    issued = max(sessions.now_ms(), not_before_ms)
    payload = {"uid": user.id, "sid": secrets.token_urlsafe(24), "iat": issued}
    response.set_cookie(
        SESSION_COOKIE,
        _serializer(settings).dumps(payload),
        max_age=settings.session_max_age_seconds,
        httponly=True,
        samesite="lax",
        secure=settings.environment == Environment.PRODUCTION,
        path="/",
    )


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def _cookie_session(request: Request) -> tuple[int, str, int] | None:
    """(user id, session id, issue time in ms) of a well-signed, unexpired session cookie."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw or len(raw) > 500:
        return None
    settings: Settings = request.app.state.settings
    try:
        data: Any = _serializer(settings).loads(raw, max_age=settings.session_max_age_seconds)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict):
        return None
    uid, sid, issued = data.get("uid"), data.get("sid"), data.get("iat")
    if isinstance(uid, int) and isinstance(sid, str) and isinstance(issued, int):
        return uid, sid, issued
    return None


def session_user(request: Request, session: Session) -> CurrentUser | None:
    found = _cookie_session(request)
    if found is None:
        return None
    uid, sid, issued = found
    settings: Settings = request.app.state.settings
    now = sessions.now_ms()
    verdict = sessions.check(session, settings, uid, sid, issued, now)
    if not verdict.valid:
        return None
    if verdict.touch:
        with transaction(request.app.state.session_factory) as writer:
            sessions.touch(writer, uid, sid, now // 1000)
    return user_by_id(session, uid)


def end_session(request: Request) -> None:
    """Sign-out: the session's record says it is over, so its cookie, if replayed, is refused."""
    found = _cookie_session(request)
    if found is not None:
        uid, sid, _issued = found
        with transaction(request.app.state.session_factory) as session:
            sessions.revoke(session, uid, sid, sessions.now_ms() // 1000)


def _device_serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.secret_key, salt=_DEVICE_SALT)


def _account_tag(email: str) -> str:
    return hashlib.sha256(email.encode("utf-8")).hexdigest()[:16]


def known_device(request: Request, email: str) -> str | None:
    """This browser's device id if it signed in to ``email`` before (signed cookie), else None."""
    raw = request.cookies.get(DEVICE_COOKIE, "")
    if not raw or len(raw) > 300:
        return None
    try:
        data: Any = _device_serializer(request.app.state.settings).loads(raw)
    except BadSignature:
        return None
    if isinstance(data, dict) and data.get("a") == _account_tag(email):
        device = data.get("d")
        return device if isinstance(device, str) else None
    return None


def remember_device(response: Response, settings: Settings, email: str, device: str | None) -> None:
    value = {"d": device or secrets.token_urlsafe(16), "a": _account_tag(email)}
    response.set_cookie(
        DEVICE_COOKIE,
        _device_serializer(settings).dumps(value),
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=settings.environment == Environment.PRODUCTION,
        path="/",
    )


def bearer_user(request: Request, session: Session) -> CurrentUser | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return user_for_token(session, token.strip())


class Require:
    """A FastAPI dependency that returns the caller when they hold ``permission``."""

    def __init__(self, permission: Permission, *, api: bool) -> None:
        self.permission = permission
        self.api = api

    def __call__(
        self, request: Request, session: Annotated[Session, Depends(get_session)]
    ) -> CurrentUser:
        user = bearer_user(request, session) if self.api else session_user(request, session)
        if user is None:
            if self.api:
                raise AuthenticationRequired(
                    "A valid bearer token is required (vigie users token EMAIL)."
                )
            raise LoginRequired("Connectez-vous pour accéder à cette page.")
        if not user.can(self.permission):
            raise PermissionDenied(f"This needs the permission {self.permission.value}.")
        return user


def require(permission: Permission, *, api: bool = False) -> Require:
    return Require(permission, api=api)


def optional_session_user(
    request: Request, session: Annotated[Session, Depends(get_session)]
) -> CurrentUser | None:
    return session_user(request, session)


async def _login_redirect(request: Request, _exc: Exception) -> Response:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    from urllib.parse import quote

    return RedirectResponse(f"/connexion?next={quote(target, safe='')}", status_code=303)


def install(app: FastAPI) -> None:
    """Send signed-out browsers to the sign-in page (API routes raise plain 401s instead)."""
    app.add_exception_handler(LoginRequired, _login_redirect)
