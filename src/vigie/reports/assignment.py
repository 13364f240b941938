"""Who is working a case: take it, release it, hand it to a colleague.

Assignment changes the case's version like a state change, so two moderators taking one case at
once cannot both get it: the second names a stale version and gets a 409 saying who has it. Every
change is an audit event in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.accounts.models import User
from vigie.accounts.permissions import Permission, has_permission
from vigie.accounts.services import CurrentUser
from vigie.errors import Conflict, InvalidInput, PermissionDenied
from vigie.reports.audit import append_event
from vigie.reports.cases import get_case, guarded_update, utcnow
from vigie.reports.schemas_cases import CaseAssigned


def assign(
    session: Session,
    actor: CurrentUser,
    case_id: int,
    to_user_id: int | None,
    *,
    expected_version: int | None = None,
) -> CaseAssigned:
    """Assign the case to a moderator (``None`` releases it)."""
    if not actor.can(Permission.CASE_ASSIGN):
        raise PermissionDenied("Seul un modérateur peut attribuer un dossier.")
    case = get_case(session, case_id)
    if to_user_id is not None:
        target = session.get(User, to_user_id)
        if (
            target is None
            or not target.is_active
            or not has_permission(target.role, Permission.CASE_READ)
        ):
            raise InvalidInput(
                "On ne peut attribuer un dossier qu'à un modérateur actif.", details={"field": "to"}
            )
    version = case.version if expected_version is None else expected_version
    before = case.assigned_to_id
    try:
        guarded_update(
            session,
            case,
            version,
            {"assigned_to_id": to_user_id, "assigned_at": utcnow(), "version": version + 1},
        )
    except Conflict as exc:
        holder = session.get(User, case.assigned_to_id) if case.assigned_to_id else None
        who = f" : il est attribué à {holder.email}" if holder else ""
        raise Conflict(
            f"Ce dossier vient d'être modifié par quelqu'un d'autre{who}. Rechargez la page.",
            details=exc.details,
        ) from None
    append_event(
        session,
        case_id=case_id,
        actor_id=actor.id,
        actor=actor.email,
        kind="assign",
        from_status=case.status,
        to_status=case.status,
        details={"version": version + 1, "from": before, "to": to_user_id},
        comment="",
    )
    return CaseAssigned(case_id=case_id, version=version + 1, assigned_to=to_user_id)


def assignable_moderators(session: Session) -> list[tuple[int, str]]:
    """Active users a case can be handed to (those who may read cases), by e-mail."""
    rows = session.execute(
        select(User.id, User.email, User.role).where(User.is_active.is_(True)).order_by(User.email)
    )
    return [(uid, email) for uid, email, role in rows if has_permission(role, Permission.CASE_READ)]
