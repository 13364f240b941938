"""JSON API of the reports domain under ``/api/v1``: filing and tracking reports (public), the
moderators' case API (bearer token, one permission per route), dossiers and statistics.

The accounts routes (identity claims, linked handles, users and roles) live in ``accounts.py``."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser
from vigie.db.retry import run_with_retry
from vigie.errors import Conflict, InvalidInput
from vigie.reports import assignment, bulk, case_view, cases, invalidation, merging, stats
from vigie.reports.dossier_export import export_dossier
from vigie.reports.evidence import ACCEPTED
from vigie.reports.evidence_access import evidence_file
from vigie.reports.intake import file_and_analyse
from vigie.reports.invalidation import Invalidated
from vigie.reports.multipart import checked_files, read_form, report_input
from vigie.reports.schemas import MAX_DESCRIPTION, MAX_LINKS, MAX_POST_TEXT, MAX_POSTS, Act
from vigie.reports.schemas_cases import (
    BulkDone,
    CaseAssigned,
    CaseChanged,
    CaseDetail,
    CaseQueue,
    Merged,
    SplitOut,
)
from vigie.reports.schemas_dossier import Dossier
from vigie.reports.schemas_public import Stats, Tracking
from vigie.reports.storage import storage_from_settings
from vigie.reports.tracking import track
from vigie.reports.workflow import Destination, Outcome, Status
from vigie.web.api.params import (
    MAX_ID,
    NOT_BLANK,
    REPORT_DEPARTMENT,
    DbId,
    PlatformChoice,
    PlatformName,
    refusals_as,
    session_factory,
)
from vigie.web.authn import bearer_user, require
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.downloads import PDF, ZIP, dossier_response

router = APIRouter(prefix="/api/v1", tags=["reports"])

CaseReader = Annotated[CurrentUser, Depends(require(Permission.CASE_READ, api=True))]
CaseMover = Annotated[CurrentUser, Depends(require(Permission.CASE_TRANSITION, api=True))]
CaseMerger = Annotated[CurrentUser, Depends(require(Permission.CASE_MERGE, api=True))]
CaseAssigner = Annotated[CurrentUser, Depends(require(Permission.CASE_ASSIGN, api=True))]
ReporterInvalidator = Annotated[
    CurrentUser, Depends(require(Permission.REPORTER_INVALIDATE, api=True))
]
CaseExporter = Annotated[CurrentUser, Depends(require(Permission.CASE_EXPORT, api=True))]
EvidenceReader = Annotated[CurrentUser, Depends(require(Permission.EVIDENCE_READ, api=True))]


class FiledOut(BaseModel):
    report_id: int
    case_id: int
    tracking_code: str


_TEXT: dict[str, object] = {"type": "string"}
_TEXTS: dict[str, object] = {"type": "array", "items": {"type": "string"}}
_PLATFORMS = [*get_args(PlatformName), "", "auto"]
# What ``vigie.reports.schemas.clean`` checks, said here so the schema and the form agree; the
# account's grammar is the one thing it cannot say (see ``scripts/fuzz.sh``).
REPORT_FORM: dict[str, object] = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["account"],
                "properties": {
                    "platform": _TEXT
                    | {"enum": _PLATFORMS, "description": "Empty when account is a URL."},
                    "account": _TEXT
                    | {
                        "description": "@handle, profile/post URL or phone; a text naming no "
                        "account is a 422 saying what to paste instead",
                        "maxLength": 300,
                    },
                    "acts": _TEXTS | {"items": {"type": "string", "enum": [a.value for a in Act]}},
                    "description": _TEXT | {"maxLength": MAX_DESCRIPTION},
                    "post_texts": _TEXTS
                    | {
                        "maxItems": MAX_POSTS,
                        "items": {"type": "string", "maxLength": MAX_POST_TEXT},
                    },
                    "links": _TEXTS
                    | {
                        "maxItems": MAX_LINKS,
                        "items": {
                            "type": "string",
                            "maxLength": 500,
                            "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\r\\n]*$",
                        },
                    },
                    "contact_email": _TEXT | {"format": "email", "maxLength": 254},
                    "products": _TEXT | {"maxLength": 500},
                    "price": _TEXT | {"maxLength": 100},
                    "place": _TEXT | {"maxLength": 200},
                    "department": _TEXT
                    | {"pattern": REPORT_DEPARTMENT, "description": "75, 2A, 974…, or empty."},
                    "offered_on": _TEXT | {"maxLength": 40},
                    "harmed": {"type": "boolean"},
                    "notify": {
                        "type": "boolean",
                        "description": "E-mail the contact_email when the case moves: true needs "
                        "contact_email (a 422 otherwise; schemathesis cannot draw multipart "
                        "bodies under an if/then, so the rule is said here).",
                    },
                    "evidence": {"type": "array", "items": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
}


@router.post(
    "/reports",
    status_code=201,
    response_model=FiledOut,
    summary="File a report",
    openapi_extra={"requestBody": REPORT_FORM},
)
async def post_report(request: Request, settings: SettingsDep, session: SessionDep) -> FiledOut:
    """Multipart form: ``platform``, ``account`` (handle or URL), ``acts`` (repeatable),
    ``description``, ``post_texts`` (repeatable), ``contact_email``, ``evidence`` (repeatable files).
    Optional: ``links``, ``products``, ``price``, ``place``, ``department``, ``offered_on``, ``harmed``, ``notify`` (needs ``contact_email``)."""
    form = await read_form(request, settings)
    files = await checked_files(form, "evidence", settings)
    reporter = bearer_user(request, session)
    filed = await run_in_threadpool(  # blocking database and file work: off the event loop
        file_and_analyse, session_factory(request), settings, report_input(form), files, reporter
    )
    return FiledOut(**filed.__dict__)


@router.get(
    "/reports/track/{tracking_code}",
    response_model=Tracking,
    summary="A reporter's view of their report: its status, its timeline and what comes next",
)
def get_tracking(tracking_code: str, session: SessionDep, settings: SettingsDep) -> Tracking:
    return Tracking.of(track(session, tracking_code, sla_days=settings.case_sla_days))


StateFilter = Status | Literal["all", ""]


@router.get(
    "/cases",
    response_model=CaseQueue,
    summary="The moderators' queue: open cases by default, ranked by priority with its reasons",
)
def get_cases(
    request: Request,
    session: SessionDep,
    user: CaseReader,
    state: Annotated[StateFilter | None, Query(description="Open cases when empty.")] = None,
    status: Annotated[StateFilter | None, Query(description="Older name of state.")] = None,
    platform: Annotated[PlatformChoice | None, Query()] = None,
    department: Annotated[str | None, Query(max_length=3, pattern=REPORT_DEPARTMENT)] = None,
    act: Annotated[Act | Literal[""] | None, Query()] = None,
    assigned: Annotated[Literal["me", "none", "others", ""] | None, Query()] = None,
    harm: bool = False,
    overdue: bool = False,
    impersonation: bool = False,
    older_than: Annotated[
        int | None,
        Query(ge=0, le=cases.MAX_AGE_DAYS, description="Opened at least this many days ago."),
    ] = None,
    sort: Annotated[Literal["priority", "age", "risk"], Query()] = "priority",
    page: Annotated[int, Query(ge=1, le=cases.MAX_PAGE)] = 1,
) -> CaseQueue:
    filters = cases.QueueFilters(
        state or status,
        platform,
        department,
        act,
        page,
        assigned,
        harm,
        overdue,
        impersonation,
        sort,
        older_than,
    )
    sla = request.app.state.settings.case_sla_days
    return cases.queue(session, filters, user_id=user.id, sla_days=sla)


@router.get("/cases/{case_id:int}", response_model=CaseDetail, summary="One case in full")
def get_case(case_id: DbId, request: Request, session: SessionDep, user: CaseReader) -> CaseDetail:
    return case_view.case_detail(
        session,
        case_id,
        reporter_identity=user.can(Permission.REPORTER_IDENTITY_READ),
        sla_days=request.app.state.settings.case_sla_days,
    )


def _required_when(field: str, value: str, needed: str) -> dict[str, Any]:
    """JSON Schema ``if``/``then``: ``needed`` must be present and non-empty when ``field`` is
    ``value`` (``workflow.plan`` refuses it otherwise); said in the schema, not only in code."""
    return {
        "if": {"required": [field], "properties": {field: {"const": value}}},
        "then": {"required": [needed], "properties": {needed: {"type": "string", "minLength": 1}}},
    }


class TransitionIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                _required_when("to", Status.CLOSED.value, "outcome"),
                _required_when("to", Status.FORWARDED.value, "destination"),
            ]
        }
    )

    to: Status = Field(description="Which ones the case's state allows: allowed_transitions.")
    outcome: Outcome | Literal[""] | None = Field(default=None, description="To close: needed.")
    destination: Destination | Literal[""] | None = Field(
        default=None, description="To forward: needed."
    )
    reference: str = Field(default="", max_length=200)
    comment: str = Field(default="", max_length=5_000)
    version: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="The case version the change was decided on."
    )

    def checked(self) -> TransitionIn:
        """The schema's if/then, checked before the domain sees a state (a 422 naming the field,
        with ``workflow.plan``'s words)."""
        if self.to is Status.CLOSED and not self.outcome:
            raise InvalidInput(
                "Pour clore un dossier, choisissez son issue.", details={"field": "outcome"}
            )
        if self.to is Status.FORWARDED and not self.destination:
            raise InvalidInput(
                "Pour transmettre un dossier, choisissez à qui.", details={"field": "destination"}
            )
        return self


@router.post(
    "/cases/{case_id}/transition",
    response_model=CaseChanged,
    summary="Move a case (409 when someone else moved it)",
)
def post_transition(
    case_id: DbId, body: TransitionIn, request: Request, user: CaseMover
) -> CaseChanged:
    body = body.checked()
    with refusals_as(Conflict):  # a move the case's state does not allow, or a merged case
        return run_with_retry(
            session_factory(request),
            lambda s: cases.transition(
                s,
                user,
                case_id,
                to=body.to,
                outcome=body.outcome,
                destination=body.destination,
                reference=body.reference,
                comment=body.comment,
                expected_version=body.version,
            ),
        )


class AssignIn(BaseModel):
    to: int | None = Field(ge=1, le=MAX_ID, description="A moderator's user id; null releases.")
    version: int | None = Field(default=None, ge=1, le=MAX_ID)


@router.post(
    "/cases/{case_id}/assign",
    response_model=CaseAssigned,
    responses={
        409: {
            "description": "The case changed since that version (who has it), or `to` names "
            "no active moderator."
        }
    },
    summary="Assign the case to a moderator, or release it",
)
def post_assign(
    case_id: DbId, body: AssignIn, request: Request, user: CaseAssigner
) -> CaseAssigned:
    with refusals_as(Conflict):  # ``to`` is no active moderator
        return run_with_retry(
            session_factory(request),
            lambda s: assignment.assign(s, user, case_id, body.to, expected_version=body.version),
        )


class BulkCase(BaseModel):
    case_id: int = Field(ge=1, le=MAX_ID)
    version: int = Field(ge=1, le=MAX_ID, description="The version the queue showed.")


class BulkIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"action": {"const": "close_duplicate"}}},
            "then": {
                "required": ["duplicate_of"],
                "properties": {"duplicate_of": {"type": "integer", "minimum": 1}},
            },
        }
    )

    # The enum and the minimum are the schema's; the route checks them itself (``_shape``) so the
    # 422 names its field in ``details.field``, as the queue page and API clients read it.
    action: str = Field(
        max_length=20,
        json_schema_extra={"enum": [a.value for a in bulk.BulkAction]},
        description="assign | close_duplicate",
    )
    cases: list[BulkCase] = Field(max_length=bulk.MAX_SELECTION, json_schema_extra={"minItems": 1})
    to: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="assign: a moderator's user id; null releases."
    )
    duplicate_of: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="close_duplicate: the case to keep."
    )


def _shape(body: BulkIn) -> tuple[bulk.BulkAction, list[bulk.Selected]]:
    """What the schema says of a bulk body, checked with the domain's own messages (422)."""
    action = bulk.parse_action(body.action)
    rows = bulk.checked_selection([bulk.Selected(c.case_id, c.version) for c in body.cases])
    if action is bulk.BulkAction.CLOSE_DUPLICATE and body.duplicate_of is None:
        raise InvalidInput(
            "Indiquez le numéro du dossier dont ils sont les doublons.",
            details={"field": "duplicate_of"},
        )
    return action, rows


@router.post(
    "/cases/bulk",
    response_model=BulkDone,
    responses={
        404: {"description": "duplicate_of names no case; none changed."},
        409: {
            "description": "A selected case changed since its version, was merged or closed "
            "already, or is the kept case; the kept case was merged; `to` is no active "
            "moderator (each named); none changed."
        },
        422: {"description": "Bad selection, action or target shape (named); none changed."},
    },
    summary="Assign a selection of cases, or close them as duplicates of one: all or nothing",
)
def post_bulk(body: BulkIn, request: Request, user: CaseAssigner) -> BulkDone:
    action, rows = _shape(body)
    with refusals_as(Conflict):  # the schema holds the shapes: what is left is a state
        return run_with_retry(
            session_factory(request),
            lambda s: bulk.apply(
                s, user, action, rows, to_user_id=body.to, duplicate_of=body.duplicate_of
            ),
        )


class InvalidateIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2_000, pattern=NOT_BLANK)


@router.post(
    "/reporters/{reporter_id}/invalidate",
    response_model=Invalidated,
    summary="Invalidate every report of a mass-flagging reporter (audited on each case)",
)
def post_invalidate(
    reporter_id: DbId, body: InvalidateIn, request: Request, user: ReporterInvalidator
) -> Invalidated:
    return run_with_retry(
        session_factory(request),
        lambda s: invalidation.invalidate_reporter(s, user, reporter_id, body.reason),
    )


class MergeIn(BaseModel):
    other_case_id: int = Field(ge=1, le=MAX_ID)
    comment: str = Field(default="", max_length=5_000)


@router.post(
    "/cases/{case_id}/merge",
    response_model=Merged,
    responses={
        409: {
            "description": "other_case_id is this case (no schema can compare a body field with "
            "the path), or one of the two was merged already."
        }
    },
    summary="Merge another case into this one",
)
def post_merge(case_id: DbId, body: MergeIn, request: Request, user: CaseMerger) -> Merged:
    if body.other_case_id == case_id:
        raise Conflict(
            "Un dossier ne peut pas être fusionné avec lui-même.",
            details={"field": "other_case_id"},
        )
    with refusals_as(Conflict):
        return run_with_retry(
            session_factory(request),
            lambda s: merging.merge(s, user, case_id, body.other_case_id, body.comment),
        )


@router.post(
    "/reports/{report_id}/split",
    response_model=SplitOut,
    responses={409: {"description": "The report's case has a single account: nothing to split."}},
    summary="Move a report's account out to a new case",
)
def post_split(
    report_id: DbId,
    request: Request,
    user: CaseMerger,
    comment: Annotated[str, Body(embed=True, max_length=5_000)] = "",
) -> SplitOut:
    with refusals_as(Conflict):
        return run_with_retry(
            session_factory(request), lambda s: merging.split(s, user, report_id, comment)
        )


@router.get(
    "/cases/{case_id}/dossier",
    response_model=None,
    responses={
        200: {
            "model": Dossier,
            "description": "The dossier as JSON, as a PDF attachment with format=pdf, or as a ZIP "
            "(PDF, JSON, evidence files, timestamp tokens, SHA-256 manifest) with format=zip. "
            "409 when an evidence file changed since receipt (the annex is named).",
            "content": {PDF: {}, ZIP: {}},
        }
    },
    summary="A dossier for one destination (JSON, PDF or ZIP)",
)
def get_dossier(
    case_id: DbId,
    request: Request,
    settings: SettingsDep,
    user: CaseExporter,
    to: Annotated[Destination, Query(description="Who the dossier is for.")],
    format: Annotated[Literal["json", "pdf", "zip"], Query()] = "json",
) -> Response:
    done = export_dossier(session_factory(request), settings, case_id, to, format, user)
    return dossier_response(done, attach_json=False)


@router.get(
    "/evidence/{evidence_id}",
    response_model=None,
    responses={
        200: {
            "description": "The original bytes as an attachment, or the JPEG preview.",
            "content": {media_type: {} for media_type in ACCEPTED},
        }
    },
    summary="An evidence file: original bytes, or the preview",
)
def get_evidence(
    evidence_id: DbId,
    session: SessionDep,
    settings: SettingsDep,
    _user: EvidenceReader,
    preview: bool = False,
) -> Response:
    return evidence_file(session, storage_from_settings(settings), evidence_id, preview=preview)


@router.get("/stats", response_model=Stats, summary="Public statistics (aggregates only)")
def get_stats(session: SessionDep) -> Stats:
    return stats.compute(session)
