"""Moderators' pages: the queue, one case (risk, reasons, registry, evidence, history), state
changes and dossier downloads. Every route declares its permission; forms carry CSRF tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser
from vigie.db.retry import run_with_retry
from vigie.errors import Conflict, InvalidInput, NotFound, VigieError
from vigie.reports import assignment, case_view, cases, invalidation, merging
from vigie.reports.account_lookup import possible_impersonation
from vigie.reports.assignment import assignable_moderators
from vigie.reports.dossier_export import export_dossier
from vigie.reports.dossier_page import dossier_page_facts
from vigie.reports.evidence_access import evidence_file
from vigie.reports.schemas import ACT_LABELS
from vigie.reports.storage import storage_from_settings
from vigie.reports.workflow import DESTINATION_LABELS, OUTCOME_LABELS, STATUS_LABELS
from vigie.social import LABELS as SOCIAL_LABELS
from vigie.web.api.params import MAX_ID, DbId
from vigie.web.authn import require
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.downloads import dossier_response
from vigie.web.pages.analyse import RISK_STYLES
from vigie.web.pages.report import PLATFORM_LABELS
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

Reader = Annotated[CurrentUser, Depends(require(Permission.CASE_READ))]
Mover = Annotated[CurrentUser, Depends(require(Permission.CASE_TRANSITION))]
Merger = Annotated[CurrentUser, Depends(require(Permission.CASE_MERGE))]
Assigner = Annotated[CurrentUser, Depends(require(Permission.CASE_ASSIGN))]
Invalidator = Annotated[CurrentUser, Depends(require(Permission.REPORTER_INVALIDATE))]
Exporter = Annotated[CurrentUser, Depends(require(Permission.CASE_EXPORT))]
EvidenceReader = Annotated[CurrentUser, Depends(require(Permission.EVIDENCE_READ))]

LABELS: dict[str, Any] = {
    "statuses": STATUS_LABELS,
    "outcomes": OUTCOME_LABELS,
    "destinations": DESTINATION_LABELS,
    "acts": ACT_LABELS,
    "platforms": PLATFORM_LABELS,
    "platform_names": SOCIAL_LABELS,  # every platform an identifier can be on (phone, WhatsApp…)
    "risk_labels": {band: label for band, (_css, _icon, label) in RISK_STYLES.items()},
}


@router.get("/moderation", response_class=HTMLResponse)
def queue_page(
    request: Request,
    session: SessionDep,
    user: Reader,
    status: Annotated[str, Query(max_length=16)] = "",
    platform: Annotated[str, Query(max_length=16)] = "",
    department: Annotated[str, Query(max_length=3)] = "",
    act: Annotated[str, Query(max_length=32)] = "",
    assigned: Annotated[str, Query(max_length=8)] = "",
    harm: bool = False,
    overdue: bool = False,
    impersonation: bool = False,
    sort: Annotated[str, Query(max_length=10)] = "priority",
    page: Annotated[int, Query(ge=1, le=cases.MAX_PAGE)] = 1,
) -> HTMLResponse:
    filters = cases.QueueFilters(
        status or None,
        platform or None,
        department or None,
        act or None,
        page,
        assigned or None,
        harm,
        overdue,
        impersonation,
        sort or "priority",
    )
    sla = request.app.state.settings.case_sla_days
    result = cases.queue(session, filters, user_id=user.id, sla_days=sla)
    context = {"result": result, "filters": filters, "user": user} | LABELS
    return render(request, "moderation/queue.html", context)


def _case_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    case_id: DbId,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    detail = case_view.case_detail(
        session,
        case_id,
        reporter_identity=user.can(Permission.REPORTER_IDENTITY_READ),
        sla_days=request.app.state.settings.case_sla_days,
    )
    # The template reads the case as its JSON twin (GET /api/v1/cases/{id}), keys ``from``/``to`` included.
    context = {"case": detail.model_dump(mode="json"), "user": user, "error": error} | LABELS
    context["can_merge"] = user.can(Permission.CASE_MERGE)
    context["impersonation"] = possible_impersonation(session, cases.get_case(session, case_id))
    context["can_assign"] = user.can(Permission.CASE_ASSIGN)
    context["can_invalidate"] = user.can(Permission.REPORTER_INVALIDATE)
    context["colleagues"] = assignable_moderators(session)
    storage = storage_from_settings(request.app.state.settings)
    context |= dossier_page_facts(session, storage, case_id)
    return render(request, "moderation/case.html", context, status_code=status)


def _act_then_case_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    case_id: int,
    work: Callable[[Session], object],
    refused: tuple[type[VigieError], ...] = (VigieError,),
) -> Response:
    """Run one change in its own transaction (retried on a serialisation failure), then back to
    the case page; a refusal shows the page again with the message and its status."""
    try:
        run_with_retry(request.app.state.session_factory, work)
    except refused as exc:
        return _case_page(request, session, user, case_id, exc.message, exc.status_code)
    return RedirectResponse(f"/moderation/cas/{case_id}", status_code=303)


@router.get("/moderation/cas/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: DbId, session: SessionDep, user: Reader) -> HTMLResponse:
    return _case_page(request, session, user, case_id)


@router.post("/moderation/cas/{case_id}/transition")
def case_transition(
    request: Request,
    case_id: DbId,
    session: SessionDep,
    user: Mover,
    to: Annotated[str, Form(max_length=16)],
    version: Annotated[int, Form(ge=1, le=MAX_ID)],
    outcome: Annotated[str, Form(max_length=32)] = "",
    destination: Annotated[str, Form(max_length=16)] = "",
    reference: Annotated[str, Form(max_length=200)] = "",
    comment: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    return _act_then_case_page(
        request,
        session,
        user,
        case_id,
        lambda s: cases.transition(
            s,
            user,
            case_id,
            to=to,
            outcome=outcome or None,
            destination=destination or None,
            reference=reference,
            comment=comment,
            expected_version=version,
        ),
        (InvalidInput, Conflict),
    )


@router.post("/moderation/cas/{case_id}/attribution")
def case_assign(
    request: Request,
    case_id: DbId,
    session: SessionDep,
    user: Assigner,
    to: Annotated[str, Form(max_length=12, pattern=r"^(me|none|[0-9]{1,9})$")],
    version: Annotated[int, Form(ge=1, le=MAX_ID)],
) -> Response:
    target = user.id if to == "me" else None if to == "none" else int(to)
    return _act_then_case_page(
        request,
        session,
        user,
        case_id,
        lambda s: assignment.assign(s, user, case_id, target, expected_version=version),
    )


@router.post("/moderation/signalants/{reporter_id}/invalider")
def reporter_invalidate(
    request: Request,
    reporter_id: DbId,
    session: SessionDep,
    user: Invalidator,
    case_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    reason: Annotated[str, Form(max_length=2_000)] = "",
) -> Response:
    """From a case page: invalidate every report of that reporter, then back to the case."""
    return _act_then_case_page(
        request,
        session,
        user,
        case_id,
        lambda s: invalidation.invalidate_reporter(s, user, reporter_id, reason),
    )


@router.post("/moderation/cas/{case_id}/fusion")
def case_merge(
    request: Request,
    case_id: DbId,
    session: SessionDep,
    user: Merger,
    other_case_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    comment: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Fold another case (an alias of the same person) into this one."""
    return _act_then_case_page(
        request,
        session,
        user,
        case_id,
        lambda s: merging.merge(s, user, case_id, other_case_id, comment),
        (InvalidInput, Conflict, NotFound),
    )


@router.post("/moderation/signalements/{report_id}/separer")
def report_split(
    request: Request,
    report_id: DbId,
    user: Merger,
) -> Response:
    """Move a wrongly merged report's account (with its reports) out to a new case."""
    result = run_with_retry(
        request.app.state.session_factory, lambda s: merging.split(s, user, report_id)
    )
    return RedirectResponse(f"/moderation/cas/{result.case_id}", status_code=303)


@router.get("/moderation/cas/{case_id}/dossier")
def case_dossier(
    request: Request,
    case_id: DbId,
    settings: SettingsDep,
    user: Exporter,
    to: Annotated[str, Query(max_length=16)],
    format: Annotated[str, Query(pattern="^(json|pdf|zip)$")] = "pdf",
) -> Response:
    factory = request.app.state.session_factory
    return dossier_response(
        export_dossier(factory, settings, case_id, to, format, user), attach_json=True
    )


@router.get("/moderation/preuves/{evidence_id}")
def evidence(
    evidence_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    _user: EvidenceReader,
    apercu: bool = False,
) -> Response:
    return evidence_file(session, storage_from_settings(settings), evidence_id, preview=apercu)
