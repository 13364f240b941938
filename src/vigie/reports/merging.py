"""Merging two cases (aliases of one person) and splitting a wrongly merged account back out.

Reports belong to accounts and accounts to cases, so both operations move accounts: merging moves
every account of the absorbed case, splitting moves one account (with all its reports) to a new case.
Both bump the versions of the cases they touch and write an audit event on each.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vigie.accounts.services import CurrentUser
from vigie.errors import InvalidInput, NotFound
from vigie.reports.audit import append_event
from vigie.reports.cases import get_case, guarded_update, utcnow
from vigie.reports.identifiers import move_account, move_case
from vigie.reports.models import Case, Report, ReportedAccount
from vigie.reports.schemas import free_text
from vigie.reports.schemas_cases import Merged, SplitOut
from vigie.reports.workflow import Outcome, Status


def merge(
    session: Session, actor: CurrentUser, target_id: int, other_id: int, comment: str = ""
) -> Merged:
    """Fold ``other`` into ``target``: its accounts and reports move; it closes as a duplicate."""
    if target_id == other_id:
        raise InvalidInput("Un dossier ne peut pas être fusionné avec lui-même.")
    target, other = get_case(session, target_id), get_case(session, other_id)
    if target.merged_into_id or other.merged_into_id:
        raise InvalidInput("L'un de ces dossiers a déjà été fusionné.")
    now = utcnow()
    session.execute(
        update(ReportedAccount).where(ReportedAccount.case_id == other_id).values(case_id=target_id)
    )
    session.execute(update(Report).where(Report.case_id == other_id).values(case_id=target_id))
    move_case(session, other_id, target_id)
    other_status = other.status
    guarded_update(
        session,
        other,
        other.version,
        {
            "status": Status.CLOSED.value,
            "outcome": Outcome.DUPLICATE.value,
            "merged_into_id": target_id,
            "version": other.version + 1,
            "updated_at": now,
            "closed_at": now,
        },
    )
    guarded_update(
        session, target, target.version, {"version": target.version + 1, "updated_at": now}
    )
    for case_id, kind, details in (
        (target_id, "merged_in", {"from_case": other_id}),
        (other_id, "merged_into", {"into_case": target_id}),
    ):
        append_event(
            session,
            case_id=case_id,
            actor_id=actor.id,
            actor=actor.email,
            kind=kind,
            from_status=other_status if case_id == other_id else None,
            to_status=Status.CLOSED.value if case_id == other_id else None,
            details=details,
            comment=free_text(comment, 5_000),
        )
    return Merged(case_id=target_id, merged=other_id)


def split(session: Session, actor: CurrentUser, report_id: int, comment: str = "") -> SplitOut:
    """Move the report's account, with all its reports, out of its case into a new case."""
    report = session.get(Report, report_id)
    if report is None:
        raise NotFound(f"Aucun signalement n° {report_id}.")
    source = get_case(session, report.case_id)
    accounts = session.scalars(
        select(ReportedAccount).where(ReportedAccount.case_id == source.id)
    ).all()
    if len(accounts) < 2:
        raise InvalidInput("Ce dossier ne concerne qu'un compte : il n'y a rien à séparer.")
    now = utcnow()
    new_case = Case(
        status=Status.NEW.value,
        department=report.department,
        created_at=now,
        updated_at=now,
        status_since=now,
    )
    session.add(new_case)
    session.flush()
    session.execute(
        update(ReportedAccount)
        .where(ReportedAccount.id == report.account_id)
        .values(case_id=new_case.id)
    )
    session.execute(
        update(Report).where(Report.account_id == report.account_id).values(case_id=new_case.id)
    )
    move_account(session, report.account_id, new_case.id)
    guarded_update(
        session, source, source.version, {"version": source.version + 1, "updated_at": now}
    )
    for case_id, kind, details in (
        (source.id, "split_out", {"to_case": new_case.id, "account_id": report.account_id}),
        (new_case.id, "split_from", {"from_case": source.id, "account_id": report.account_id}),
    ):
        append_event(
            session,
            case_id=case_id,
            actor_id=actor.id,
            actor=actor.email,
            kind=kind,
            to_status=Status.NEW.value if case_id == new_case.id else None,
            details=details,
            comment=free_text(comment, 5_000),
        )
    return SplitOut(case_id=new_case.id, split_from=source.id)
