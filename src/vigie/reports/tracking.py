"""What a reporter sees: their own report's progress through its tracking code, and (signed in)
the list of their reports. Never anything about other reports or people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.errors import NotFound
from vigie.reports.models import Case, Report, ReportedAccount
from vigie.reports.workflow import OUTCOME_LABELS, STATUS_LABELS, Outcome, Status


@dataclass(frozen=True)
class TrackingView:
    """The reporter's view: their own report's progress and nothing about anyone else."""

    tracking_code: str
    filed_at: dt.datetime
    account: str
    status: str
    status_label: str
    outcome: str | None
    outcome_label: str | None
    updated_at: dt.datetime
    harmed: bool


def track(session: Session, tracking_code: str) -> TrackingView:
    code = (tracking_code or "").strip()
    row = None
    if 10 <= len(code) <= 32:
        row = session.execute(
            select(Report, Case, ReportedAccount)
            .join(Case, Case.id == Report.case_id)
            .join(ReportedAccount, ReportedAccount.id == Report.account_id)
            .where(Report.tracking_code == code)
        ).first()
    if row is None:
        raise NotFound("Aucun signalement ne correspond à ce code de suivi.")
    report, case, account = row
    status = Status(case.status)
    outcome = Outcome(case.outcome) if case.outcome and status is Status.CLOSED else None
    return TrackingView(
        tracking_code=code,
        filed_at=report.created_at,
        account=f"{account.platform}:@{account.handle}",
        status=status.value,
        status_label=STATUS_LABELS[status],
        outcome=outcome.value if outcome else None,
        outcome_label=OUTCOME_LABELS[outcome] if outcome else None,
        updated_at=case.updated_at,
        harmed=report.harmed,
    )


def reports_filed_by(session: Session, user_id: int, limit: int = 100) -> list[TrackingView]:
    """A signed-in reporter's own reports, newest first, each as its tracking view."""
    codes = session.scalars(
        select(Report.tracking_code)
        .where(Report.reporter_user_id == user_id)
        .order_by(Report.id.desc())
        .limit(limit)
    ).all()
    return [track(session, code) for code in codes]
