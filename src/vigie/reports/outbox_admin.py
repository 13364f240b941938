"""The admins' view of mail the outbox gave up on, and putting one back in the queue.

The page lists each given-up message with its recipient partly masked (an admin needs to tell
messages apart and see a typo in a domain, not to read every reporter's address), what it was,
the last error and the attempts. A retry resets the attempts and the back-off so the next drain
tries again, and writes who retried it, when, and what had failed (``mail_outbox_retry``) in the
same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from vigie.accounts.services import CurrentUser
from vigie.errors import Conflict, NotFound
from vigie.reports.models_mail import OutboxRetry
from vigie.reports.outbox import OutboxMessage, utcnow

LIST_CAP = 200
TEMPLATE_LABELS = {
    "case_update": "Suivi d'un signalement (au signalant)",
    "moderator_alert": "Dossier prioritaire (aux modérateurs)",
    "moderator_digest": "Résumé quotidien (aux modérateurs)",
}


def masked(address: str) -> str:
    """``temoin@example.test`` → ``te…@e….test``: enough to tell addresses apart, not to read them."""
    local, _, domain = address.partition("@")
    host, dot, tld = domain.rpartition(".")
    shown_local = local[: 2 if len(local) > 3 else 1]
    shown_host = (host or domain)[:1]
    return f"{shown_local}…@{shown_host}…{dot}{tld if host else ''}"


@dataclass(frozen=True)
class GivenUp:
    id: int
    to: str  # masked
    what: str
    reason: str
    attempts: int
    created_at: str  # ISO
    retries: int


def given_up(session: Session, limit: int = LIST_CAP) -> tuple[list[GivenUp], int]:
    """The most recent given-up messages (at most ``limit``) and how many there are in all."""
    total = session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.gave_up.is_(True), OutboxMessage.sent_at.is_(None)
        )
    )
    rows = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.gave_up.is_(True), OutboxMessage.sent_at.is_(None))
        .order_by(OutboxMessage.id.desc())
        .limit(limit)
    ).all()
    retries = session.execute(
        select(OutboxRetry.message_id, func.count(OutboxRetry.id))
        .where(OutboxRetry.message_id.in_([row.id for row in rows]))
        .group_by(OutboxRetry.message_id)
    )
    counts: dict[int, int] = {message_id: count for message_id, count in retries}  # noqa: C416
    items = [
        GivenUp(
            id=row.id,
            to=masked(row.to_address),
            what=TEMPLATE_LABELS.get(row.template, row.template),
            reason=row.last_error,
            attempts=row.attempts,
            created_at=row.created_at.isoformat(),
            retries=counts.get(row.id, 0),
        )
        for row in rows
    ]
    return items, int(total or 0)


def retry(session: Session, actor: CurrentUser, message_id: int) -> None:
    """Put a given-up message back in the queue, audited; ``Conflict`` when it is not given up
    (already retried by a colleague, or sent)."""
    row = session.get(OutboxMessage, message_id)
    if row is None:
        raise NotFound(f"Aucun e-mail n° {message_id} dans la file.")
    attempts, error = row.attempts, row.last_error
    now = utcnow()
    done = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.gave_up.is_(True),
            OutboxMessage.sent_at.is_(None),
        )
        .values(gave_up=False, attempts=0, next_attempt_at=now, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("Cet e-mail n'est plus en échec : il a déjà été relancé ou envoyé.")
    session.add(
        OutboxRetry(
            message_id=message_id,
            actor_id=actor.id,
            actor=actor.email[:254],
            at=now,
            attempts_before=attempts,
            error_before=error[:500],
        )
    )
