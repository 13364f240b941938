"""Sign-in and sign-out pages for moderators (and any registered user)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vigie.accounts.permissions import Permission
from vigie.accounts.services import authenticate
from vigie.db.engine import transaction
from vigie.errors import RateLimited
from vigie.web.authn import clear_session, set_session
from vigie.web.deps import SettingsDep
from vigie.web.pages.site import safe_next
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


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
    try:
        with transaction(request.app.state.session_factory) as session:
            user = authenticate(session, settings, email, password, _client(request))
    except RateLimited as exc:
        return _failed(request, next, email, exc.message, exc.status_code)
    if user is None:
        return _failed(request, next, email, "Adresse e-mail ou mot de passe incorrect.", 403)
    home = "/moderation" if user.can(Permission.CASE_READ) else "/compte"
    response = RedirectResponse(safe_next(next) if next else home, status_code=303)
    set_session(response, settings, user)
    return response


def _failed(request: Request, next: str, email: str, message: str, status: int) -> HTMLResponse:
    context = {"next": safe_next(next) if next else "", "error": message, "email": email}
    return render(request, "auth/login.html", context, status_code=status)


@router.post("/deconnexion")
def logout() -> Response:
    response = RedirectResponse("/", status_code=303)
    clear_session(response)
    return response
