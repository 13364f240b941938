"""Moderators' side of cases: the queue, one case in full, and state changes with concurrency.

A change names the version it was decided on; the UPDATE matches that version or changes nothing,
so when two moderators act at once exactly one wins and the other gets ``Conflict`` (409) with the
current version, and both see the same history. The audit event is written in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, select, update
from sqlalchemy.orm import Session

from vigie.accounts.models import User
from vigie.accounts.services import CurrentUser
from vigie.errors import Conflict, InvalidInput, NotFound
from vigie.reports.audit import append_event
from vigie.reports.models import Case, CaseForward, Report, ReportedAccount
from vigie.reports.notifications import notify_reporters
from vigie.reports.priority import Ranking, rank_cases
from vigie.reports.schemas import Act, clean_department, free_text
from vigie.reports.schemas_cases import AssignedTo, CaseChanged, CaseQueue, CaseSummary, Priority
from vigie.reports.workflow import (
    STATUS_LABELS,
    Status,
    plan,
)
from vigie.social import parse_platform

PER_PAGE = 25
MAX_PAGE = 10_000
MAX_AGE_DAYS = 3_650


ALL_STATES = "all"
ASSIGNED = ("me", "none", "others")
SORTS = ("priority", "age", "risk")
FETCH_CAP = 5_000  # open cases ranked in one request; beyond it the oldest are ranked first


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows. By default the open cases (``status="all"`` adds closed ones),
    ranked by priority."""

    status: str | None = None
    platform: str | None = None
    department: str | None = None
    act: str | None = None
    page: int = 1
    assigned: str | None = None  # me | none | others
    harm: bool = False
    overdue: bool = False
    impersonation: bool = False
    sort: str = "priority"
    older_than: int | None = None  # days since the case was opened, at least

    def checked(self) -> QueueFilters:
        """Filters validated up front, so junk in a query string is a 422, never a 500."""
        states = {s.value for s in Status} | {ALL_STATES}
        if self.status and self.status not in states:
            raise InvalidInput(f"État inconnu : {self.status!r}.", details={"field": "state"})
        if self.act and self.act not in {a.value for a in Act}:
            raise InvalidInput(f"Acte inconnu : {self.act!r}.", details={"field": "act"})
        if self.assigned and self.assigned not in ASSIGNED:
            raise InvalidInput("assigned vaut me, none ou others.", details={"field": "assigned"})
        if self.sort not in SORTS:
            raise InvalidInput("sort vaut priority, age ou risk.", details={"field": "sort"})
        if not 1 <= self.page <= MAX_PAGE:
            raise InvalidInput("La page va de 1 à 10000.", details={"field": "page"})
        if self.older_than is not None and not 0 <= self.older_than <= MAX_AGE_DAYS:
            raise InvalidInput(
                "L'ancienneté va de 0 à 3650 jours.", details={"field": "older_than"}
            )
        platform = parse_platform(self.platform)
        return QueueFilters(
            self.status or None,
            platform.value if platform else None,
            clean_department(self.department or "") or None,
            self.act or None,
            self.page,
            self.assigned or None,
            self.harm,
            self.overdue,
            self.impersonation,
            self.sort,
            self.older_than,
        )


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _report_counts() -> Any:
    return (
        select(Report.case_id, func.count(Report.id).label("reports"))
        .where(Report.invalidated_at.is_(None))  # an invalidated report counts for nothing
        .group_by(Report.case_id)
        .subquery()
    )


def queue(
    session: Session,
    filters: QueueFilters,
    *,
    user_id: int | None = None,
    sla_days: dict[str, int] | None = None,
) -> CaseQueue:
    """The cases a moderator works, ranked (``reports.priority``), filtered and paginated; each
    line says why it ranks where it does."""
    f = filters.checked()
    counts = _report_counts()
    query = select(Case, func.coalesce(counts.c.reports, 0)).outerjoin(
        counts, counts.c.case_id == Case.id
    )
    query = query.where(Case.merged_into_id.is_(None))
    if f.status and f.status != ALL_STATES:
        query = query.where(Case.status == f.status)
    elif not f.status:
        query = query.where(Case.status != Status.CLOSED)
    if f.department:
        query = query.where(Case.department == f.department)
    if f.platform:
        owners = select(ReportedAccount.case_id).where(ReportedAccount.platform == f.platform)
        query = query.where(Case.id.in_(owners))
    if f.act:
        with_act = select(Report.case_id).where(cast(Report.acts, String).like(f'%"{f.act}"%'))
        query = query.where(Case.id.in_(with_act))
    if f.assigned == "me":
        query = query.where(Case.assigned_to_id == user_id)
    elif f.assigned == "none":
        query = query.where(Case.assigned_to_id.is_(None))
    elif f.assigned == "others":
        query = query.where(Case.assigned_to_id.is_not(None), Case.assigned_to_id != user_id)
    if f.harm:
        query = query.where(Case.id.in_(select(Report.case_id).where(Report.harmed.is_(True))))
    rows = session.execute(query.order_by(Case.created_at, Case.id).limit(FETCH_CAP)).all()
    ranks = rank_cases(session, [case for case, _n in rows], sla_days=sla_days)
    if f.overdue:
        rows = [row for row in rows if ranks[row[0].id].overdue]
    if f.older_than:
        rows = [row for row in rows if ranks[row[0].id].age_days >= f.older_than]
    if f.impersonation:
        rows = [row for row in rows if any("usurpation" in r for r in ranks[row[0].id].reasons)]
    rows = sorted(rows, key=_sort_key(f.sort, ranks))
    total = len(rows)
    shown = rows[(f.page - 1) * PER_PAGE : f.page * PER_PAGE]
    handles = _handles(session, [case.id for case, _ in shown])
    names = assignee_emails(session, [case.assigned_to_id for case, _ in shown])
    items = [
        summary_of(case, int(n), handles.get(case.id, []), ranks[case.id], names)
        for case, n in shown
    ]
    pages = max(1, -(-total // PER_PAGE))
    return CaseQueue(items=items, page=f.page, per_page=PER_PAGE, total=total, pages=pages)


def _sort_key(sort: str, ranks: dict[int, Ranking]) -> Callable[[Any], tuple[Any, ...]]:
    if sort == "age":
        return lambda row: (row[0].created_at, row[0].id)
    if sort == "risk":
        return lambda row: (-(row[0].risk_score or -1.0), -int(row[1]), row[0].id)
    return lambda row: (-ranks[row[0].id].score, row[0].created_at, row[0].id)


def assignee_emails(session: Session, user_ids: list[int | None]) -> dict[int, str]:
    wanted = {uid for uid in user_ids if uid is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.email).where(User.id.in_(wanted))).all()
    return {uid: email for uid, email in rows}  # noqa: C416 (rows are Row objects, not pairs)


def _handles(session: Session, case_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    if not case_ids:
        return found
    rows = session.execute(
        select(ReportedAccount.case_id, ReportedAccount.platform, ReportedAccount.handle)
        .where(ReportedAccount.case_id.in_(case_ids))
        .order_by(ReportedAccount.id)
    )
    for case_id, platform, handle in rows:
        found.setdefault(case_id, []).append(f"{platform}:@{handle}")
    return found


def summary_of(
    case: Case,
    reports: int,
    accounts: list[str],
    rank: Ranking,
    assignees: dict[int, str],
) -> CaseSummary:
    status = Status(case.status)
    assigned = None
    if case.assigned_to_id is not None:
        assigned = AssignedTo(
            user_id=case.assigned_to_id,
            email=assignees.get(case.assigned_to_id, ""),
            at=case.assigned_at.isoformat() if case.assigned_at else None,
        )
    return CaseSummary(
        case_id=case.id,
        status=status.value,
        status_label=STATUS_LABELS[status],
        outcome=case.outcome,
        version=case.version,
        accounts=accounts,
        report_count=reports,
        risk_score=case.risk_score,
        risk_band=case.risk_band,
        department=case.department,
        created_at=case.created_at.isoformat(),
        updated_at=case.updated_at.isoformat(),
        priority=Priority(score=rank.score, reasons=rank.reasons),
        assigned_to=assigned,
        age_days=rank.age_days,
        overdue=rank.overdue,
    )


def get_case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"Aucun dossier n° {case_id}.", details={"case_id": case_id})
    return case


def transition(
    session: Session,
    actor: CurrentUser,
    case_id: int,
    *,
    to: str,
    outcome: str | None = None,
    destination: str | None = None,
    reference: str = "",
    comment: str = "",
    expected_version: int | None = None,
) -> CaseChanged:
    case = get_case(session, case_id)
    if case.merged_into_id is not None:
        raise InvalidInput(
            f"Le dossier n° {case_id} a été fusionné dans le n° {case.merged_into_id} : "
            "travaillez sur celui-ci.",
            details={"case_id": case_id, "merged_into": case.merged_into_id},
        )
    chosen = plan(case.status, to, outcome, destination)
    comment, reference = free_text(comment, 5_000), free_text(reference, 200)
    version = case.version if expected_version is None else expected_version
    source, now = case.status, utcnow()
    values: dict[str, Any] = {"status": chosen.transition.target.value, "version": version + 1}
    values |= {"updated_at": now, "outcome": chosen.outcome.value if chosen.outcome else None}
    values["status_since"] = now
    if chosen.transition.target is Status.CLOSED:
        values["closed_at"] = now
    if chosen.destination is not None and case.first_forwarded_at is None:
        values["first_forwarded_at"] = now
    guarded_update(session, case, version, values)
    if chosen.destination is not None:
        session.add(
            CaseForward(
                case_id=case_id,
                destination=chosen.destination.value,
                reference=reference[:200],
                forwarded_at=now,
                actor_id=actor.id,
            )
        )
    details = {"version": version + 1, "outcome": values["outcome"], "reference": reference[:200]}
    details["destination"] = chosen.destination.value if chosen.destination else None
    notify_reporters(
        session,
        case_id,
        chosen.transition.target,
        destination=chosen.destination,
        outcome=chosen.outcome,
        version=version + 1,
    )
    append_event(
        session,
        case_id=case_id,
        actor_id=actor.id,
        actor=actor.email,
        kind=chosen.transition.kind,
        from_status=source,
        to_status=chosen.transition.target.value,
        details=details,
        comment=comment[:5_000],
    )
    return CaseChanged(case_id=case_id, status=values["status"], version=version + 1)


def guarded_update(session: Session, case: Case, version: int, values: dict[str, Any]) -> None:
    result = session.execute(
        update(Case)
        .where(Case.id == case.id, Case.version == version)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        session.expire(case)
        raise Conflict(
            "Ce dossier a été modifié par quelqu'un d'autre entre-temps : rechargez-le.",
            details={"case_id": case.id, "expected_version": version},
        )
    session.expire(case)
