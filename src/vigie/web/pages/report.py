"""Public report pages: the form (works without JavaScript), and the reporter's tracking page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vigie.db.engine import transaction
from vigie.errors import InvalidInput, NotFound
from vigie.reports.intake import file_and_analyse
from vigie.reports.multipart import checked_files, report_input
from vigie.reports.notifications import report_for_token, stop_notifying
from vigie.reports.schemas import ACT_LABELS
from vigie.reports.tracking import track
from vigie.reports.transmissions import tracked_transmissions
from vigie.social import LABELS, parse_account
from vigie.web.authn import session_user
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.forms import posted_form
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

# The platforms the forms offer to choose from: every platform the social domain knows, WhatsApp
# and plain phone numbers included (fake injectors book through them), named from its one table.
FORM_PLATFORMS = tuple(LABELS)
PLATFORM_LABELS = {platform: LABELS[platform] for platform in FORM_PLATFORMS}


def _form_page(
    request: Request, values: dict[str, Any], error: str = "", field: str = "", status: int = 200
) -> HTMLResponse:
    context = {
        "platforms": PLATFORM_LABELS,
        "acts": ACT_LABELS,
        "values": values,
        "error": error,
        "error_field": field,
        "max_files": request.app.state.settings.max_files_per_report,
        "max_mb": request.app.state.settings.max_upload_bytes // (1024 * 1024),
    }
    return render(request, "report_form.html", context, status_code=status)


@router.get("/signaler", response_class=HTMLResponse)
def report_form(
    request: Request, compte: Annotated[str, Query(max_length=300)] = ""
) -> HTMLResponse:
    """The form, prefilled from an account lookup (``/signaler?compte=…``): the account as the
    patient pasted it, and its platform when the spelling says which."""
    values: dict[str, Any] = {"acts": []}
    parsed = parse_account(compte) if compte.strip() else None
    if parsed is not None:
        values["account"] = compte.strip()
        values["platform"] = parsed.key.platform.value if parsed.key else ""
    return _form_page(request, values)


@router.post("/signaler")
async def report_submit(request: Request, settings: SettingsDep, session: SessionDep) -> Response:
    form = await posted_form(request)  # bounded; shared with the CSRF check that may have read it
    values = report_input(form)
    reporter = session_user(request, session)  # a signed-in reporter sees it on /compte
    try:
        files = await checked_files(form, "evidence", settings)
        filed = await run_in_threadpool(
            file_and_analyse, request.app.state.session_factory, settings, values, files, reporter
        )
    except InvalidInput as exc:
        field = str(exc.details.get("field", ""))
        return _form_page(request, values.__dict__, exc.message, field, status=exc.status_code)
    return RedirectResponse(f"/suivi/{filed.tracking_code}?nouveau=1", status_code=303)


@router.get("/suivi/{tracking_code}", response_class=HTMLResponse)
def tracking_page(request: Request, tracking_code: str, session: SessionDep) -> HTMLResponse:
    view = track(session, tracking_code)
    context = {"view": view, "new": request.query_params.get("nouveau") == "1"}
    context["transmissions"] = tracked_transmissions(session, tracking_code)
    return render(request, "report_track.html", context)


@router.get("/suivi/{tracking_code}/desabonner", response_class=HTMLResponse)
def unsubscribe_page(request: Request, tracking_code: str, jeton: str = "") -> HTMLResponse:
    """A confirmation page: a mail client that prefetches links must not unsubscribe anyone."""
    context = {"tracking_code": tracking_code[:40], "token": jeton[:200], "done": False}
    return render(request, "report_unsubscribe.html", context)


@router.post("/suivi/{tracking_code}/desabonner", response_class=HTMLResponse)
def unsubscribe(
    request: Request,
    tracking_code: str,
    settings: SettingsDep,
    jeton: Annotated[str, Form(max_length=200)] = "",
) -> HTMLResponse:
    report_id = report_for_token(settings, jeton)
    with transaction(request.app.state.session_factory) as session:
        if report_id is None or not stop_notifying(session, report_id, tracking_code):
            raise NotFound("Ce lien de désabonnement n'est pas valable.")
    context = {"tracking_code": tracking_code[:40], "token": "", "done": True}
    return render(request, "report_unsubscribe.html", context)
