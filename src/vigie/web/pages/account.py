"""Self-service accounts: sign-up (role reporter), the account page where a physician claims an
RPPS number and links their own social accounts, and the moderators' list of claims to confirm."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from vigie.accounts import identity
from vigie.accounts.handles import link_handle
from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser, register
from vigie.db.engine import transaction
from vigie.errors import VigieError
from vigie.reports.tracking import reports_filed_by
from vigie.web.api.params import DbId
from vigie.web.authn import require, set_session
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.pages.report import PLATFORM_LABELS
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

Claimant = Annotated[CurrentUser, Depends(require(Permission.IDENTITY_CLAIM))]
Linker = Annotated[CurrentUser, Depends(require(Permission.HANDLE_LINK))]
Confirmer = Annotated[CurrentUser, Depends(require(Permission.IDENTITY_CONFIRM))]


@router.get("/inscription", response_class=HTMLResponse)
def signup_page(request: Request) -> HTMLResponse:
    return render(request, "auth/signup.html", {"error": "", "email": ""})


@router.post("/inscription")
def signup(
    request: Request,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    client = request.client.host if request.client else "unknown"
    try:
        with transaction(request.app.state.session_factory) as session:
            user = register(session, settings, email, password, client)
    except VigieError as exc:
        context = {"error": exc.message, "email": email}
        return render(request, "auth/signup.html", context, status_code=exc.status_code)
    response = RedirectResponse("/compte", status_code=303)
    set_session(response, settings, user)
    return response


def _account_page(
    request: Request, session: Session, user: CurrentUser, message: str = "", status: int = 200
) -> HTMLResponse:
    context = {
        "me": identity.profile(session, user.id),
        "reports": reports_filed_by(session, user.id),
        "message": message,
        "platforms": PLATFORM_LABELS,
        "user": user,
    }
    return render(request, "auth/account.html", context, status_code=status)


@router.get("/compte", response_class=HTMLResponse)
def account_page(request: Request, session: SessionDep, user: Claimant) -> HTMLResponse:
    return _account_page(request, session, user)


def _act(
    request: Request, session: Session, user: CurrentUser, work: Callable[[Session], Any]
) -> Response:
    try:
        with transaction(request.app.state.session_factory) as writer:
            work(writer)
    except VigieError as exc:
        return _account_page(request, session, user, exc.message, exc.status_code)
    return RedirectResponse("/compte", status_code=303)


@router.post("/compte/rpps")
def claim(
    request: Request,
    session: SessionDep,
    user: Claimant,
    rpps: Annotated[str, Form(max_length=40)] = "",
) -> Response:
    return _act(request, session, user, lambda s: identity.claim_rpps(s, user, rpps))


@router.post("/compte/comptes")
def link(
    request: Request,
    session: SessionDep,
    user: Linker,
    platform: Annotated[str, Form(max_length=16)] = "",
    account: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    return _act(request, session, user, lambda s: link_handle(s, user, platform, account))


@router.get("/moderation/identites", response_class=HTMLResponse)
def claims_page(request: Request, session: SessionDep, user: Confirmer) -> HTMLResponse:
    context = {"claims": identity.pending_claims(session), "user": user}
    return render(request, "moderation/identities.html", context)


@router.post("/moderation/identites/{user_id}")
def decide(
    request: Request,
    user_id: DbId,
    user: Confirmer,
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
) -> Response:
    with transaction(request.app.state.session_factory) as session:
        identity.confirm_rpps(session, user, user_id, accept=decision == "accept")
    return RedirectResponse("/moderation/identites", status_code=303)
