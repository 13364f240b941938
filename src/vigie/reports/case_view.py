"""One case in full, as moderators see it: the JSON of ``GET /api/v1/cases/{id}``, the case page's
context and the raw material of dossiers (one function, so the three cannot drift apart)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.reports.cases import assignee_emails, get_case, summary_of
from vigie.reports.history import case_events
from vigie.reports.identifiers import case_identifiers, merge_proposals
from vigie.reports.models import CaseForward, Evidence, Report, ReportedAccount
from vigie.reports.priority import rank_cases
from vigie.reports.schemas_cases import (
    AccountDetail,
    CaseDetail,
    EvidenceView,
    ForwardView,
    RegistryCheck,
    ReportView,
    ReportWithReporter,
)
from vigie.reports.workflow import DESTINATION_LABELS, OUTCOME_LABELS, Outcome, allowed_targets


def case_detail(
    session: Session,
    case_id: int,
    *,
    reporter_identity: bool,
    sla_days: dict[str, int] | None = None,
) -> CaseDetail:
    """Everything a moderator sees about one case (the API's JSON and the page's context)."""
    case = get_case(session, case_id)
    accounts = session.scalars(
        select(ReportedAccount)
        .where(ReportedAccount.case_id == case_id)
        .order_by(ReportedAccount.id)
    ).all()
    reports = session.scalars(
        select(Report).where(Report.case_id == case_id).order_by(Report.id)
    ).all()
    evidence = _evidence_by_report(session, [r.id for r in reports])
    rank = rank_cases(session, [case], sla_days=sla_days)[case.id]
    names = assignee_emails(session, [case.assigned_to_id])
    labels = [f"{a.platform}:@{a.handle}" for a in accounts]
    standing = sum(1 for r in reports if r.invalidated_at is None)  # as the queue counts them
    summary = summary_of(case, standing, labels, rank, names)
    return CaseDetail(
        **summary.model_dump(),
        outcome_label=OUTCOME_LABELS[Outcome(case.outcome)] if case.outcome else None,
        merged_into=case.merged_into_id,
        allowed_transitions=[s.value for s in allowed_targets(case.status)],
        account_details=[
            AccountDetail(account_id=a.id, platform=a.platform, handle=a.handle) for a in accounts
        ],
        reports=[_report(r, evidence.get(r.id, []), reporter_identity) for r in reports],
        forwards=_forwards(session, case_id),
        scan=case.scan_result,
        registry_check=RegistryCheck.model_validate(case.registry_check)
        if case.registry_check
        else None,
        analysed_at=case.analysed_at.isoformat() if case.analysed_at else None,
        events=case_events(session, case_id, reporter_identity=reporter_identity),
        identifiers=case_identifiers(session, case_id),
        merge_proposals=merge_proposals(session, case_id),
    )


def _evidence_by_report(session: Session, report_ids: list[int]) -> dict[int, list[EvidenceView]]:
    found: dict[int, list[EvidenceView]] = {}
    if not report_ids:
        return found
    for e in session.scalars(
        select(Evidence).where(Evidence.report_id.in_(report_ids)).order_by(Evidence.id)
    ):
        found.setdefault(e.report_id, []).append(
            EvidenceView(
                evidence_id=e.id,
                sha256=e.sha256,
                media_type=e.media_type,
                size_bytes=e.size_bytes,
                original_name=e.original_name,
                has_preview=e.has_preview,
                received_at=e.received_at.isoformat(),
            )
        )
    return found


def _report(
    report: Report, evidence: list[EvidenceView], identity: bool
) -> ReportWithReporter | ReportView:
    view = ReportView(
        report_id=report.id,
        account_id=report.account_id,
        account_input=report.account_input,
        acts=report.acts,
        products=report.products,
        price=report.price,
        place=report.place,
        department=report.department,
        offered_on=report.offered_on,
        harmed=report.harmed,
        description=report.description,
        post_texts=report.post_texts,
        links=report.links,
        created_at=report.created_at.isoformat(),
        invalidated_at=report.invalidated_at.isoformat() if report.invalidated_at else None,
        evidence=evidence,
    )
    if not identity:
        return view
    return ReportWithReporter(
        **view.__dict__,
        contact_email=report.contact_email,
        reporter_user_id=report.reporter_user_id,
    )


def _forwards(session: Session, case_id: int) -> list[ForwardView]:
    rows = session.scalars(
        select(CaseForward).where(CaseForward.case_id == case_id).order_by(CaseForward.id)
    )
    return [
        ForwardView(
            destination=f.destination,
            destination_label=DESTINATION_LABELS.get(f.destination, f.destination),  # type: ignore[call-overload]
            reference=f.reference,
            forwarded_at=f.forwarded_at.isoformat(),
        )
        for f in rows
    ]
