"""Public report pages: the reporter's tracking page and the e-mail unsubscribe (the form is in
``report_form``)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse

from vigie.config import Settings
from vigie.dates import long_date, long_datetime
from vigie.db.engine import transaction
from vigie.errors import NotFound
from vigie.reports.notifications import report_for_token, stop_notifying
from vigie.reports.tracking import track
from vigie.social import LABELS
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

# The platforms the forms offer to choose from: every platform the social domain knows, WhatsApp
# and plain phone numbers included (fake injectors book through them), named from its one table.
FORM_PLATFORMS = tuple(LABELS)
PLATFORM_LABELS = {platform: LABELS[platform] for platform in FORM_PLATFORMS}


@router.get("/suivi/{tracking_code}", response_class=HTMLResponse)
def tracking_page(
    request: Request, tracking_code: str, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    """The report's story (the same ``track`` as the JSON twin) and its link to copy."""
    view = track(session, tracking_code, sla_days=settings.case_sla_days)
    context = {"view": view, "new": request.query_params.get("nouveau") == "1"}
    context["link"] = f"{str(request.base_url).rstrip('/')}/suivi/{view.tracking_code}"
    context |= {"long_date": long_date, "long_datetime": long_datetime}  # in the page's language
    return render(request, "report_track.html", context)


@router.get("/suivi/{tracking_code}/desabonner", response_class=HTMLResponse)
def unsubscribe_page(request: Request, tracking_code: str, jeton: str = "") -> HTMLResponse:
    """A confirmation page: a mail client that prefetches links must not unsubscribe anyone."""
    context = {"tracking_code": tracking_code[:40], "token": jeton[:200], "done": False}
    return render(request, "report_unsubscribe.html", context)


def _stop_notifying(request: Request, settings: Settings, tracking_code: str, token: str) -> None:
    """Both unsubscribe routes: the signed token must name a report of this tracking code."""
    report_id = report_for_token(settings, token)
    with transaction(request.app.state.session_factory) as session:
        if report_id is None or not stop_notifying(session, report_id, tracking_code):
            raise NotFound("Ce lien de désabonnement n'est pas valable.")


@router.post("/suivi/{tracking_code}/desabonner", response_class=HTMLResponse)
def unsubscribe(
    request: Request,
    tracking_code: str,
    settings: SettingsDep,
    jeton: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    _stop_notifying(request, settings, tracking_code, jeton)
    context = {"tracking_code": tracking_code[:40], "token": "", "done": True}
    return render(request, "report_unsubscribe.html", context)


@router.post("/suivi/{tracking_code}/desabonner/un-clic", response_class=PlainTextResponse)
def one_click_unsubscribe(
    request: Request,
    tracking_code: str,
    settings: SettingsDep,
    jeton: Annotated[str, Query(max_length=200)] = "",
) -> PlainTextResponse:
    """RFC 8058: the mail program's "unsubscribe" button posts here with no cookie and no page
    (so no CSRF token: see ``csrf.EXEMPT``); the signed token in the URL is the only authority and
    stopping one report's e-mails the only effect."""
    _stop_notifying(request, settings, tracking_code, jeton)
    return PlainTextResponse("Vous ne recevrez plus d'e-mails sur ce signalement.\n")


@router.get("/suivi/{tracking_code}/desabonner/un-clic")
def one_click_opened(tracking_code: str, jeton: str = "") -> RedirectResponse:
    """Opened in a browser (or prefetched by a mail scanner), the one-click address unsubscribes
    nobody: it leads to the confirmation page."""
    target = f"/suivi/{quote(tracking_code[:40], safe='')}/desabonner?jeton={quote(jeton[:200], safe='')}"
    return RedirectResponse(target, status_code=303)
