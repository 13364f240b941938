"""The report form, ``/signaler``: works without JavaScript, and files through the same service
as ``POST /api/v1/reports``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vigie.errors import InvalidInput
from vigie.reports.intake import file_and_analyse
from vigie.reports.multipart import checked_files, report_input
from vigie.reports.schemas import ACT_LABELS
from vigie.social import parse_account
from vigie.web.authn import session_user
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.forms import posted_form
from vigie.web.pages.report import PLATFORM_LABELS
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)


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
