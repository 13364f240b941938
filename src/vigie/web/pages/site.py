"""Public HTML pages: the home page, the language switch, and the page routers of each area.

``router`` gathers every public page (home, verify, practitioner, guides, scan a post);
``install(app)`` adds what pages need from the app: security headers on every response and
friendly HTML error pages for page requests (the API keeps its JSON errors).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from vigie.guides.services import list_sheets
from vigie.web.i18n import LANG_COOKIE, SUPPORTED, request_language
from vigie.web.pages import analyse, guides, html_errors, verify
from vigie.web.pages.security import SecurityHeadersMiddleware
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    sheets = list_sheets(request_language(request))
    return render(request, "home.html", {"sheets": sheets})


def safe_next(target: str) -> str:
    """Only same-site paths: ``/x`` but not ``//evil.example`` nor ``/\\evil``."""
    if (
        not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or "\r" in target
        or "\n" in target
    ):
        return "/"
    return target


@router.get("/langue")
def switch_language(
    lang: Annotated[str, Query(max_length=5)] = "fr",
    suivant: Annotated[str, Query(max_length=2000)] = "/",
) -> Response:
    """The language switch is a plain link (works without JavaScript); it remembers the choice."""
    response = RedirectResponse(safe_next(suivant), status_code=303)
    chosen = lang if lang in SUPPORTED else "fr"
    response.set_cookie(
        LANG_COOKIE, chosen, max_age=LANG_COOKIE_MAX_AGE, samesite="lax", httponly=True
    )
    return response


router.include_router(verify.router)
router.include_router(guides.router)
router.include_router(analyse.router)


def install(app: FastAPI) -> None:
    app.add_middleware(SecurityHeadersMiddleware)
    html_errors.install(app)
