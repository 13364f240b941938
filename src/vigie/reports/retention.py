"""Retention: reporters' contact details are kept only while a case may still need them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vigie.reports.models import Case, Report
from vigie.reports.workflow import Status


def purge_contacts(session: Session, retention_days: int, now: dt.datetime | None = None) -> int:
    """Blank contact emails and reporter links of reports in cases closed before the cut-off."""
    cutoff = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=retention_days)
    expired = select(Case.id).where(Case.status == Status.CLOSED, Case.closed_at < cutoff)
    result = session.execute(
        update(Report)
        .where(Report.case_id.in_(expired))
        .where((Report.contact_email.is_not(None)) | (Report.reporter_user_id.is_not(None)))
        .values(contact_email=None, reporter_user_id=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
