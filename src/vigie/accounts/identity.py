"""Physician identity claims: an RPPS number that must exist in the current registry snapshot as a
physician (profession 10), then a moderator's confirmation before the role becomes ``physician``.

The registry check prevents claiming a number that is not a physician's; the human confirmation
prevents claiming somebody else's real number.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.accounts.handles import linked_handles
from vigie.accounts.models import User
from vigie.accounts.permissions import Permission, Role
from vigie.accounts.services import CurrentUser, utcnow
from vigie.errors import Conflict, InvalidInput, NoSnapshot, NotFound, PermissionDenied
from vigie.registry.identifiers import IdentifierType, check_identifier
from vigie.registry.models import Practitioner, RegistryState

PHYSICIAN_PROFESSION = "10"


def _current_snapshot(session: Session) -> int:
    state = session.get(RegistryState, 1)
    if state is None or state.current_snapshot_id is None:
        raise NoSnapshot("No registry has been loaded yet: identity claims cannot be checked.")
    return state.current_snapshot_id


def claim_rpps(session: Session, user: CurrentUser, value: str) -> str:
    """Record a pending claim once the number is valid and names a physician in the registry."""
    check = check_identifier((value or "")[:40])
    if check is None or check.type is not IdentifierType.RPPS or not check.valid:
        raise InvalidInput(
            "Ce numéro ne peut pas être un numéro RPPS valide.", details={"field": "rpps"}
        )
    practitioner = session.scalar(
        select(Practitioner).where(
            Practitioner.snapshot_id == _current_snapshot(session),
            Practitioner.identifier == check.value,
        )
    )
    if practitioner is None or practitioner.profession_code != PHYSICIAN_PROFESSION:
        raise InvalidInput(
            "Aucun médecin avec ce numéro RPPS dans le registre public actuel.",
            details={"field": "rpps"},
        )
    row = _user(session, user.id)
    row.rpps, row.rpps_status = check.value, "pending"
    return check.value


def confirm_rpps(session: Session, moderator: CurrentUser, user_id: int, *, accept: bool) -> str:
    """A moderator accepts (role becomes physician) or rejects a pending claim."""
    if not moderator.can(Permission.IDENTITY_CONFIRM):
        raise PermissionDenied("Only a moderator can confirm a physician's identity.")
    row = _user(session, user_id)
    if row.rpps_status != "pending":
        raise Conflict("This user has no pending identity claim.")  # a state, not bad input
    row.rpps_status = "confirmed" if accept else "rejected"
    row.rpps_confirmed_by, row.rpps_confirmed_at = moderator.id, utcnow()
    if accept and row.role == Role.REPORTER:
        row.role = Role.PHYSICIAN.value
    return row.rpps_status


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Unknown user.")
    return user


def profile(session: Session, user_id: int) -> dict[str, object]:
    """What a signed-in user sees about their own account."""
    row = _user(session, user_id)
    return {
        "email": row.email,
        "role": row.role,
        "rpps": row.rpps,
        "rpps_status": row.rpps_status,
        "handles": linked_handles(session, user_id),
    }


def registry_name(session: Session, rpps: str | None) -> str:
    """The current registry's "Prénom NOM" for a number, or "" (none loaded, or not found)."""
    if not rpps:
        return ""
    row = session.execute(
        select(Practitioner.first_name, Practitioner.last_name).where(
            Practitioner.identifier == rpps,
            Practitioner.snapshot_id == select(RegistryState.current_snapshot_id).scalar_subquery(),
        )
    ).first()
    return f"{row.first_name} {row.last_name}".strip() if row else ""


def pending_claims(session: Session, limit: int = 100) -> list[dict[str, object]]:
    """Claims awaiting a moderator, oldest first, with the registry's name for the number."""
    rows = session.execute(
        select(User, Practitioner.last_name, Practitioner.first_name)
        .outerjoin(
            Practitioner,
            (Practitioner.identifier == User.rpps)
            & (
                Practitioner.snapshot_id
                == select(RegistryState.current_snapshot_id).scalar_subquery()
            ),
        )
        .where(User.rpps_status == "pending")
        .order_by(User.id)
        .limit(limit)
    ).all()
    return [
        {
            "user_id": u.id,
            "email": u.email,
            "rpps": u.rpps,
            "registry_name": f"{first or ''} {last or ''}".strip(),
        }
        for u, last, first in rows
    ]
