"""Sign-in and sign-out pages for moderators (and any registered user)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vigie.accounts.permissions import Permission
from vigie.accounts.services import authenticate
from vigie.db.engine import transaction
from vigie.errors import RateLimited
from vigie.web.authn import (
    clear_session,
    end_session,
    known_device,
    remember_device,
    set_session,
)
from vigie.web.deps import SettingsDep
from vigie.web.pages.site import safe_next
from vigie.web.ratelimit import client_key
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/connexion", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str, Query(max_length=2000)] = "") -> HTMLResponse:
    target = safe_next(next) if next else ""
    return render(request, "auth/login.html", {"next": target, "error": "", "email": ""})


@router.post("/connexion")
def login(
    request: Request,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    cleaned = email.strip().lower()
    device = known_device(request, cleaned)
    client = f"device:{device}" if device else f"ip:{client_key(request.scope)}"
    try:
        with transaction(request.app.state.session_factory) as session:
            user = authenticate(session, settings, email, password, client, known=bool(device))
    except RateLimited as exc:
        retry = exc.details.get("retry_after_seconds")
        return _failed(request, next, email, exc.message, exc.status_code, retry)
    if user is None:
        return _failed(request, next, email, "Adresse e-mail ou mot de passe incorrect.", 403)
    home = "/moderation" if user.can(Permission.CASE_READ) else "/compte"
    response = RedirectResponse(safe_next(next) if next else home, status_code=303)
    set_session(response, settings, user)
    remember_device(response, settings, user.email, device)
    return response


def _failed(
    request: Request, next: str, email: str, message: str, status: int, retry: object = None
) -> HTMLResponse:
    context = {"next": safe_next(next) if next else "", "error": message, "email": email}
    response = render(request, "auth/login.html", context, status_code=status)
    if isinstance(retry, int):
        response.headers["Retry-After"] = str(retry)
    return response


@router.post("/deconnexion")
def logout(request: Request) -> Response:
    end_session(request)  # the cookie is refused from now on, even if a copy of it is replayed
    response = RedirectResponse("/", status_code=303)
    clear_session(response)
    return response
