"""Moderators' pages: the queue, one case (risk, reasons, registry, evidence, history), state
changes and dossier downloads. Every route declares its permission; forms carry CSRF tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser
from vigie.db.retry import run_with_retry
from vigie.errors import Conflict, InvalidInput, NotFound, PermissionDenied, VigieError
from vigie.reports import assignment, bulk, case_view, cases, history, invalidation, merging
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


BULK_DONE = {  # what the queue says after a bulk action, by the action's button
    "assign_me": "dossier(s) vous sont attribués.",
    "assign_to": "dossier(s) confiés à votre collègue.",
    "close_duplicate": "dossier(s) fermés comme doublons et fusionnés dans le dossier gardé.",
}


def _queue_context(
    request: Request, session: Session, user: CurrentUser, filters: cases.QueueFilters
) -> dict[str, Any]:
    sla = request.app.state.settings.case_sla_days
    result = cases.queue(session, filters, user_id=user.id, sla_days=sla)
    context = {"result": result, "filters": filters, "user": user} | LABELS
    context["can_assign"] = user.can(Permission.CASE_ASSIGN)
    context["can_merge"] = user.can(Permission.CASE_MERGE)
    context["colleagues"] = [c for c in assignable_moderators(session) if c[0] != user.id]
    return context


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
    older_than: Annotated[str, Query(max_length=4, pattern=r"^[0-9]{0,4}$")] = "",
    sort: Annotated[str, Query(max_length=10)] = "priority",
    page: Annotated[int, Query(ge=1, le=cases.MAX_PAGE)] = 1,
    fait: Annotated[str, Query(max_length=16)] = "",
    n: Annotated[int, Query(ge=0, le=bulk.MAX_SELECTION)] = 0,
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
        int(older_than) if older_than else None,  # the form sends it empty when unused
    )
    context = _queue_context(request, session, user, filters)
    context["done"] = (n, BULK_DONE[fait]) if fait in BULK_DONE else None
    return render(request, "moderation/queue.html", context)


_PICKED = re.compile(r"^([0-9]{1,9}):([0-9]{1,9})$")


def _picked(values: list[str]) -> list[bulk.Selected]:
    """``case`` checkboxes carry ``id:version``, the version the queue showed."""
    rows = []
    for value in values:
        found = _PICKED.match(value)
        if found is None:
            raise InvalidInput(
                "Sélection illisible : rechargez la file.", details={"field": "case"}
            )
        rows.append(bulk.Selected(int(found.group(1)), int(found.group(2))))
    return rows


@router.post("/moderation/lot")
def queue_bulk(
    request: Request,
    session: SessionDep,
    user: Assigner,
    action: Annotated[str, Form(pattern=r"^(assign_me|assign_to|close_duplicate)$")],
    case: Annotated[list[str] | None, Form(max_length=bulk.MAX_SELECTION)] = None,
    to: Annotated[str, Form(max_length=12, pattern=r"^[0-9]{0,9}$")] = "",
    duplicate_of: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """The queue's one form: the checked cases, and the button that says what to do with them
    (works without JavaScript); all or nothing, then back to the queue."""
    chosen = case or []
    try:
        rows = _picked(chosen)
        kind = bulk.BulkAction.CLOSE_DUPLICATE if action == "close_duplicate" else None
        target = user.id if action == "assign_me" else int(to) if to else None
        if action == "assign_to" and target is None:
            raise InvalidInput("Choisissez le collègue à qui confier ces dossiers.")
        if action != "close_duplicate" and duplicate_of.strip():
            # Enter in the case-number field submits with the form's first button: do nothing
            # rather than guess which of the two actions was meant.
            raise InvalidInput(
                "Vous avez saisi un numéro de dossier : pour fermer la sélection comme doublons, "
                "utilisez le bouton « Fermer comme doublons ».",
                details={"field": "duplicate_of"},
            )
        kept = _case_number(duplicate_of) if kind else None
        run_with_retry(
            request.app.state.session_factory,
            lambda s: bulk.apply(
                s, user, kind or bulk.BulkAction.ASSIGN, rows, to_user_id=target, duplicate_of=kept
            ),
        )
    except (InvalidInput, Conflict, NotFound, PermissionDenied) as exc:
        context = _queue_context(request, session, user, cases.QueueFilters())
        context |= {"error": exc.message, "picked": {v.partition(":")[0] for v in chosen}}
        return render(request, "moderation/queue.html", context, status_code=exc.status_code)
    count = len({row.case_id for row in rows})
    return RedirectResponse(f"/moderation?fait={action}&n={count}", status_code=303)


def _case_number(text: str) -> int:
    value = text.strip().removeprefix("n°").strip()
    if not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise InvalidInput(
            "Indiquez le numéro du dossier dont ils sont les doublons.",
            details={"field": "duplicate_of"},
        )
    return int(value)


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
    context["event_labels"] = history.EVENT_LABELS
    context["assignees"] = history.assignee_labels(session, detail.events)
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
