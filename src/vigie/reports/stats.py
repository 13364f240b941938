"""Public statistics: counts of reports and cases by week, platform, department, act and outcome,
and median delays from report to forward and to close. Aggregates only: no handle, no text, no
person ever appears, so the page and its JSON twin can be public.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from vigie.reports.models import Case, Report, ReportedAccount
from vigie.reports.schemas_public import Count, Stats, Totals
from vigie.reports.workflow import Status


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def iso_week(value: dt.datetime) -> str:
    year, week, _ = _aware(value).isocalendar()
    return f"{year}-W{week:02d}"


def _counted(counter: Counter[str], *, by_key: bool = False) -> list[Count]:
    items = sorted(counter.items()) if by_key else counter.most_common()
    return [Count(key=key, count=count) for key, count in items]


def _median_hours(pairs: list[tuple[dt.datetime, dt.datetime | None]]) -> float | None:
    hours = [(_aware(end) - _aware(start)).total_seconds() / 3600 for start, end in pairs if end]
    return round(statistics.median(hours), 1) if hours else None


def compute(session: Session) -> Stats:
    reports = session.execute(
        select(Report.created_at, ReportedAccount.platform, Report.department, Report.acts).join(
            ReportedAccount, ReportedAccount.id == Report.account_id
        )
    ).all()
    cases = session.execute(
        select(
            Case.created_at,
            Case.status,
            Case.outcome,
            Case.first_forwarded_at,
            Case.closed_at,
            Case.department,
        ).where(Case.merged_into_id.is_(None))
    ).all()
    acts: Counter[str] = Counter(act for r in reports for act in r.acts)
    case_platforms = session.execute(
        select(ReportedAccount.platform, func.count(distinct(ReportedAccount.case_id)))
        .join(Case, Case.id == ReportedAccount.case_id)
        .where(Case.merged_into_id.is_(None))
        .group_by(ReportedAccount.platform)
    ).all()
    closed = [c for c in cases if c.status == Status.CLOSED]
    return Stats(
        totals=Totals(reports=len(reports), cases=len(cases)),
        reports_per_week=_counted(Counter(iso_week(r.created_at) for r in reports), by_key=True),
        cases_per_week=_counted(Counter(iso_week(c.created_at) for c in cases), by_key=True),
        reports_by_platform=_counted(Counter(r.platform for r in reports)),
        reports_by_department=_counted(Counter(r.department or "inconnu" for r in reports)),
        reports_by_act=_counted(acts),
        cases_by_platform=_counted(Counter({p: int(n) for p, n in case_platforms})),
        cases_by_department=_counted(Counter(c.department or "inconnu" for c in cases)),
        cases_by_status=_counted(Counter(c.status for c in cases)),
        cases_by_outcome=_counted(Counter(c.outcome or "" for c in closed)),
        median_hours_report_to_forward=_median_hours(
            [(c.created_at, c.first_forwarded_at) for c in cases]
        ),
        median_hours_report_to_close=_median_hours([(c.created_at, c.closed_at) for c in closed]),
    )
