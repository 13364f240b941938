"""Pydantic shapes of the moderators' case API: the queue, one case in full, and the answers of
state changes, merges and splits.

``model_dump(mode="json")`` of these models is the JSON of ``/api/v1/cases…`` and the context of
the moderation pages. Times are ISO 8601 strings exactly as the database returns them (SQLite
hands back naive UTC times), so the JSON is the same on both databases as it always was. What the
analysis stored (the scanner's result, its checks, a registry candidate, event details) is kept as
the JSON object it was written as.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, JsonValue

JsonObject = dict[str, JsonValue]


class Priority(BaseModel):
    score: int
    reasons: list[str]


class AssignedTo(BaseModel):
    user_id: int
    email: str
    at: str | None


class CaseSummary(BaseModel):
    """One line of the moderators' queue."""

    case_id: int
    status: str
    status_label: str
    outcome: str | None
    version: int = Field(description="Name it when changing the case: a stale version is a 409.")
    accounts: list[str] = Field(description="Every account of the case as platform:@handle.")
    report_count: int
    risk_score: float | None
    risk_band: str | None
    department: str
    created_at: str
    updated_at: str
    priority: Priority = Field(description="Rank in the queue, with its reasons in French.")
    assigned_to: AssignedTo | None = Field(description="The moderator working the case.")
    age_days: int = Field(description="Days since the case was opened.")
    overdue: bool = Field(description="Longer in its state than VIGIE_CASE_SLA_DAYS allows.")


class CaseQueue(BaseModel):
    items: list[CaseSummary]
    page: int
    per_page: int
    total: int
    pages: int


class AccountDetail(BaseModel):
    account_id: int
    platform: str
    handle: str


class EvidenceView(BaseModel):
    evidence_id: int
    sha256: str
    media_type: str
    size_bytes: int
    original_name: str
    has_preview: bool
    received_at: str


class ReportView(BaseModel):
    """A report as moderators and destinations without the reporter's identity see it."""

    report_id: int
    account_id: int
    account_input: str
    acts: list[str]
    products: str
    price: str
    place: str
    department: str
    offered_on: str
    harmed: bool
    description: str
    post_texts: list[str]
    links: list[str]
    created_at: str
    invalidated_at: str | None = Field(
        description="Set when a moderator invalidated its reporter's reports (they count for nothing)."
    )
    evidence: list[EvidenceView]


class ReportWithReporter(ReportView):
    """A report with who filed it: for holders of the reporter-identity permission, and the
    destinations that act on a complaint."""

    contact_email: str | None
    reporter_user_id: int | None


class ForwardView(BaseModel):
    destination: str
    destination_label: str
    reference: str
    forwarded_at: str


class CaseEventView(BaseModel):
    """One link of the case's audit chain."""

    model_config = ConfigDict(validate_by_name=True, serialize_by_alias=True)

    id: int
    kind: str
    actor: str
    from_status: str | None = Field(alias="from")
    to_status: str | None = Field(alias="to")
    details: JsonObject
    comment: str
    at: str
    hash: str


class NumberCheck(BaseModel):
    """An RPPS-looking number found in the reported texts, looked up in the registry."""

    value: str
    valid: bool
    candidate: JsonObject | None = Field(description="The registry practitioner, when found.")
    reason: str


class RegistryCheck(BaseModel):
    source_date: str | None = Field(description="Extraction date of the registry consulted.")
    numbers: list[NumberCheck]
    claims: list[JsonObject] = Field(description="The scanner's name and number cross-checks.")


class IdentifierView(BaseModel):
    """One place a case's texts name a number or an account (moderators only, never public)."""

    key: str = Field(
        description="What two cases must share: tel:+33… for numbers, platform:handle."
    )
    platform: str
    handle: str
    shown: str = Field(description="As a moderator reads it: +33 6 12 34 56 78, @name.")
    kind: str = Field(description="number or account.")
    url: str
    source: str = Field(description="bio, post, report or account (the reported account itself).")
    source_label: str
    report_id: int | None
    field: str = Field(description="The report field: post_texts, description, links or account.")
    item: int = Field(description="Index in that field when it is a list (post_texts, links).")
    start: int = Field(description="Span in that text: text[start:end] is the excerpt.")
    end: int
    excerpt: str
    first_seen: str


class SharedIdentifier(BaseModel):
    key: str
    kind: str
    shown: str


class MergeProposal(BaseModel):
    """Another open case sharing an identifier with this one, to merge in one click."""

    case_id: int
    status: str
    status_label: str
    accounts: list[str]
    reason: str = Field(description="same_number or same_account.")
    label: str = Field(description="« même numéro que le dossier N » or « même compte que … ».")
    shared: list[SharedIdentifier]


class CaseDetail(CaseSummary):
    """Everything a moderator sees about one case."""

    outcome_label: str | None
    merged_into: int | None
    allowed_transitions: list[str]
    account_details: list[AccountDetail]
    reports: list[ReportWithReporter | ReportView]
    forwards: list[ForwardView]
    scan: JsonObject | None = Field(description="The scanner's account result, without posts.")
    registry_check: RegistryCheck | None
    analysed_at: str | None
    events: list[CaseEventView]
    identifiers: list[IdentifierView] = Field(default_factory=list)
    merge_proposals: list[MergeProposal] = Field(default_factory=list)


class CaseChanged(BaseModel):
    case_id: int
    status: str
    version: int


class CaseAssigned(BaseModel):
    case_id: int
    version: int
    assigned_to: int | None


class Merged(BaseModel):
    case_id: int
    merged: int = Field(description="The case folded into this one (now closed as a duplicate).")


class SplitOut(BaseModel):
    case_id: int = Field(description="The new case.")
    split_from: int


class BulkRow(BaseModel):
    case_id: int
    version: int = Field(description="The case's version after the change.")


class BulkDone(BaseModel):
    """What a bulk action changed: every selected case (or, on an error, none of them)."""

    action: str = Field(description="assign or close_duplicate.")
    cases: list[BulkRow]
    assigned_to: int | None = Field(description="The moderator given the cases (assign).")
    duplicate_of: int | None = Field(
        description="The case they were merged into (close_duplicate)."
    )
