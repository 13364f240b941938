"""Moderators' e-mail pages: each moderator chooses what Vigie mails them (urgent cases at once,
the daily digest), and admins see the e-mails the outbox gave up on and put one back in the
queue (audited; the form carries the CSRF token like every form)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser
from vigie.db.retry import run_with_retry
from vigie.errors import Conflict, NotFound
from vigie.reports import moderator_mail, outbox_admin
from vigie.web.api.params import DbId
from vigie.web.authn import require
from vigie.web.deps import SessionDep
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

Moderator = Annotated[CurrentUser, Depends(require(Permission.CASE_READ))]
MailAdmin = Annotated[CurrentUser, Depends(require(Permission.MAIL_MANAGE))]


@router.get("/moderation/courriels", response_class=HTMLResponse)
def preferences_page(request: Request, session: SessionDep, user: Moderator) -> HTMLResponse:
    context = {
        "user": user,
        "pref": moderator_mail.preference(session, user.id),
        "saved": request.query_params.get("enregistre") == "1",
        "can_manage": user.can(Permission.MAIL_MANAGE),
    }
    return render(request, "moderation/mail.html", context)


@router.post("/moderation/courriels")
def save_preferences(
    request: Request,
    user: Moderator,
    urgent: Annotated[str, Form(max_length=3)] = "",
    digest: Annotated[str, Form(max_length=3)] = "",
) -> Response:
    """Unchecked boxes are not posted: absent means "no"."""

    def save(session: Session) -> None:
        moderator_mail.set_preference(session, user.id, urgent=bool(urgent), digest=bool(digest))

    run_with_retry(request.app.state.session_factory, save)
    return RedirectResponse("/moderation/courriels?enregistre=1", status_code=303)


def _failures_page(
    request: Request, session: Session, user: CurrentUser, error: str = "", status: int = 200
) -> HTMLResponse:
    items, total = outbox_admin.given_up(session)
    retried = request.query_params.get("relance", "")
    context = {
        "user": user,
        "items": items,
        "total": total,
        "error": error,
        "retried": retried if retried.isdigit() else "",
    }
    return render(request, "moderation/mail_failures.html", context, status_code=status)


@router.get("/moderation/courriels/echecs", response_class=HTMLResponse)
def failures_page(request: Request, session: SessionDep, user: MailAdmin) -> HTMLResponse:
    return _failures_page(request, session, user)


@router.post("/moderation/courriels/echecs/{message_id}/relancer")
def retry_message(
    request: Request, message_id: DbId, session: SessionDep, user: MailAdmin
) -> Response:
    try:
        run_with_retry(
            request.app.state.session_factory,
            lambda s: outbox_admin.retry(s, user, message_id),
        )
    except (Conflict, NotFound) as exc:
        return _failures_page(request, session, user, exc.message, exc.status_code)
    return RedirectResponse(f"/moderation/courriels/echecs?relance={message_id}", status_code=303)
