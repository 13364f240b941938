"""Social-media accounts users say are theirs (a physician's own Instagram, say)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vigie.accounts.models import LinkedHandle
from vigie.accounts.services import CurrentUser, utcnow
from vigie.errors import Conflict
from vigie.social import normalise_account


def link_handle(session: Session, user: CurrentUser, platform: str, account: str) -> str:
    """Record that this social account belongs to the user; one owner per account."""
    key = normalise_account(platform, account)
    session.add(
        LinkedHandle(user_id=user.id, platform=key.platform, handle=key.handle, created_at=utcnow())
    )
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict("Ce compte est déjà rattaché à un utilisateur.") from None
    return key.label


def linked_handles(session: Session, user_id: int) -> list[str]:
    rows = session.scalars(select(LinkedHandle).where(LinkedHandle.user_id == user_id))
    return [f"{row.platform}:@{row.handle}" for row in rows]
