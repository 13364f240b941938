"""Self-service accounts: the account page where a user changes their password and a physician
claims an RPPS number and their own social accounts (one-time bio code, screenshot), and the
moderators' lists of identity and account claims to confirm. (Sign-up is in ``pages.auth``.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from vigie.accounts import credentials, handles, identity
from vigie.accounts.models import User
from vigie.accounts.passwords import MIN_LENGTH, RULES
from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser
from vigie.db.engine import transaction
from vigie.errors import InvalidInput, NotFound, VigieError
from vigie.reports.account_lookup import accounts_citing, open_case_ids
from vigie.reports.evidence_access import SAFE_HEADERS
from vigie.reports.multipart import checked_files
from vigie.reports.services import store_evidence
from vigie.reports.storage import preview_key, storage_from_settings
from vigie.reports.tracking import reports_filed_by
from vigie.web.api.params import DbId
from vigie.web.authn import require, set_session
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.forms import posted_form
from vigie.web.pages.badge import account_badge
from vigie.web.pages.report import PLATFORM_LABELS
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

Claimant = Annotated[CurrentUser, Depends(require(Permission.IDENTITY_CLAIM))]
Linker = Annotated[CurrentUser, Depends(require(Permission.HANDLE_LINK))]
Confirmer = Annotated[CurrentUser, Depends(require(Permission.IDENTITY_CONFIRM))]
HandleConfirmer = Annotated[CurrentUser, Depends(require(Permission.HANDLE_CONFIRM))]


def _account_page(
    request: Request, session: Session, user: CurrentUser, message: str = "", status: int = 200
) -> HTMLResponse:
    me = identity.profile(session, user.id)
    claims = handles.claims_of(session, user.id)
    row = session.get(User, user.id)
    confirmed_rpps = row.rpps if row is not None and row.rpps_status == "confirmed" else None
    context = {
        "me": me,
        "claims": claims,
        "open_cases": {c.id: open_case_ids(session, c.platform, c.handle) for c in claims},
        "citing": accounts_citing(session, confirmed_rpps) if confirmed_rpps else [],
        "badge": account_badge(request, session, confirmed_rpps),
        "reports": reports_filed_by(session, user.id),
        "message": message,
        "platforms": PLATFORM_LABELS,
        "user": user,
        "password_rules": RULES,
        "password_min": MIN_LENGTH,
        "password_changed": request.query_params.get("mot-de-passe") == "change",
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


@router.post("/compte/mot-de-passe")
def change_password(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: Claimant,
    current_password: Annotated[str, Form(max_length=1024)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    confirmation: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """A new password, after the current one; every other session of the user ends, and this
    browser gets a fresh one."""
    factory = request.app.state.session_factory
    try:
        with transaction(factory) as writer:
            credentials.claim_change_try(writer, settings, user)
        with transaction(factory) as writer:
            cutoff = credentials.change_password(
                writer, user, current_password, password, confirmation
            )
    except VigieError as exc:
        return _account_page(request, session, user, exc.message, exc.status_code)
    response = RedirectResponse("/compte?mot-de-passe=change#mot-de-passe", status_code=303)
    set_session(response, settings, user, not_before_ms=cutoff)
    return response


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
    return _act(request, session, user, lambda s: handles.claim_handle(s, user, platform, account))


@router.post("/compte/comptes/{claim_id}/capture")
async def claim_capture(
    request: Request, claim_id: DbId, session: SessionDep, settings: SettingsDep, user: Linker
) -> Response:
    """The screenshot of the profile showing the one-time code: an image, checked and re-encoded
    like any evidence, stored content-addressed; the moderator sees its preview."""
    form = await posted_form(request)
    try:
        files = await checked_files(form, "capture", settings)
        if len(files) != 1 or files[0].preview is None:
            raise InvalidInput(
                "Envoyez une capture d'écran (image PNG, JPEG ou WebP) du profil montrant le code.",
                details={"field": "capture"},
            )
        store_evidence(storage_from_settings(settings), files)
    except VigieError as exc:
        return _account_page(request, session, user, exc.message, exc.status_code)
    shot = files[0]
    return _act(
        request,
        session,
        user,
        lambda s: handles.attach_evidence(s, user, claim_id, shot.sha256, shot.media_type),
    )


@router.post("/compte/comptes/{claim_id}/retirer")
def claim_withdraw(request: Request, claim_id: DbId, session: SessionDep, user: Linker) -> Response:
    return _act(request, session, user, lambda s: handles.withdraw_claim(s, user, claim_id))


@router.get("/moderation/identites", response_class=HTMLResponse)
def claims_page(request: Request, session: SessionDep, user: Confirmer) -> HTMLResponse:
    context = {"claims": identity.pending_claims(session), "user": user}
    return render(request, "moderation/identities.html", context)


@router.get("/moderation/comptes", response_class=HTMLResponse)
def handle_claims_page(
    request: Request, session: SessionDep, user: HandleConfirmer, message: str = ""
) -> HTMLResponse:
    pending = handles.pending_handle_claims(session)
    context = {
        "pending": pending,
        "open_cases": {
            p.claim.id: open_case_ids(session, p.claim.platform, p.claim.handle) for p in pending
        },
        "registry_names": {p.claim.id: identity.registry_name(session, p.rpps) for p in pending},
        "message": message,
        "user": user,
    }
    return render(request, "moderation/handles.html", context)


@router.get("/moderation/comptes/{claim_id}/capture")
def handle_claim_capture(
    claim_id: DbId, session: SessionDep, settings: SettingsDep, _user: HandleConfirmer
) -> Response:
    row = handles.claim_by_id(session, claim_id)
    if row.evidence_sha256 is None:
        raise NotFound("Aucune capture pour cette demande.")
    data = storage_from_settings(settings).get(preview_key(row.evidence_sha256))
    return Response(data, media_type="image/jpeg", headers=SAFE_HEADERS)


@router.post("/moderation/comptes/{claim_id}")
def decide_handle(
    request: Request,
    claim_id: DbId,
    session: SessionDep,
    user: HandleConfirmer,
    decision: Annotated[str, Form(pattern="^(accept|reject)$")],
) -> Response:
    try:
        with transaction(request.app.state.session_factory) as writer:
            handles.decide_claim(writer, user, claim_id, accept=decision == "accept")
    except VigieError as exc:
        response = handle_claims_page(request, session, user, exc.message)
        response.status_code = exc.status_code
        return response
    return RedirectResponse("/moderation/comptes", status_code=303)


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
