"""A reporter who floods reports (mass flagging of a competitor, a harassment campaign) is
handled at once: every report they filed is invalidated, not deleted.

An invalidated report keeps its row, its evidence and its place in the audit chain (a moderator
may need to show what was filed), but counts for nothing: not in the queue's report counts and
priority, not in the public "N signalements en cours d'examen", not in a dossier's number of
reporters. Each case it touches gets an audit event and a new version, so a moderator working on
it sees the change, and the queue re-ranks it on the next read.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vigie.accounts.models import User
from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser
from vigie.errors import InvalidInput, NotFound, PermissionDenied
from vigie.reports.audit import append_event
from vigie.reports.cases import utcnow
from vigie.reports.models import Case, Report
from vigie.reports.schemas import free_text


class Invalidated(BaseModel):
    reporter_id: int
    reports: int
    cases: list[int]


def invalidate_reporter(
    session: Session, actor: CurrentUser, reporter_id: int, reason: str
) -> Invalidated:
    """Invalidate every still-valid report of this signed-in reporter; the reason is required
    and goes into each case's history."""
    if not actor.can(Permission.REPORTER_INVALIDATE):
        raise PermissionDenied("Seul un modérateur peut invalider les signalements d'un signalant.")
    if session.get(User, reporter_id) is None:
        raise NotFound(f"Aucun utilisateur n° {reporter_id}.")
    why = free_text(reason, 2_000).strip()
    if not why:
        raise InvalidInput("Indiquez la raison de l'invalidation.", details={"field": "reason"})
    rows = session.execute(
        select(Report.id, Report.case_id).where(
            Report.reporter_user_id == reporter_id, Report.invalidated_at.is_(None)
        )
    ).all()
    if not rows:
        return Invalidated(reporter_id=reporter_id, reports=0, cases=[])
    now = utcnow()
    session.execute(
        update(Report)
        .where(Report.id.in_([report_id for report_id, _case in rows]))
        .values(invalidated_at=now)
        .execution_options(synchronize_session=False)
    )
    per_case: dict[int, int] = {}
    for _report, case_id in rows:
        per_case[case_id] = per_case.get(case_id, 0) + 1
    for case_id, count in sorted(per_case.items()):
        case = session.get(Case, case_id)
        status = case.status if case else None
        session.execute(
            update(Case)
            .where(Case.id == case_id)
            .values(version=Case.version + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        append_event(
            session,
            case_id=case_id,
            actor_id=actor.id,
            actor=actor.email,
            kind="invalidate_reports",
            from_status=status,
            to_status=status,
            details={"reporter_id": reporter_id, "reports": count},
            comment=why,
        )
    return Invalidated(reporter_id=reporter_id, reports=len(rows), cases=sorted(per_case))
