"""Who is calling: signed session cookies for pages, bearer tokens for the API, and ``require``.

Sessions are stateless signed cookies (itsdangerous, time-limited), so any worker on any machine
can check them. Every protected route declares ``Depends(require(Permission.X))`` (or ``api=True``
for bearer-token routes); the dependency object keeps its permission so the permission-matrix test
can find every protected route and check it for each role.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser, user_by_id, user_for_token
from vigie.config import Environment, Settings
from vigie.errors import AuthenticationRequired, PermissionDenied
from vigie.web.deps import get_session

SESSION_COOKIE = "vigie_session"
_SALT = "vigie.session"


class LoginRequired(AuthenticationRequired):
    """A page needs a signed-in user: browsers are sent to the sign-in page instead of a 401."""


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt=_SALT)


def set_session(response: Response, settings: Settings, user: CurrentUser) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        _serializer(settings).dumps({"uid": user.id}),
        max_age=settings.session_max_age_seconds,
        httponly=True,
        samesite="lax",
        secure=settings.environment == Environment.PRODUCTION,
        path="/",
    )


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def session_user(request: Request, session: Session) -> CurrentUser | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw or len(raw) > 500:
        return None
    settings: Settings = request.app.state.settings
    try:
        data: Any = _serializer(settings).loads(raw, max_age=settings.session_max_age_seconds)
    except (BadSignature, SignatureExpired):
        return None
    uid = data.get("uid") if isinstance(data, dict) else None
    return user_by_id(session, uid) if isinstance(uid, int) else None


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
