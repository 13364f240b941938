"""Append-only case events chained by SHA-256, what they attest, and the checks that find the first
thing that disagrees.

Each event's hash covers its content and the previous event's hash, so editing, deleting or
reordering any event breaks every hash after it. ``prev_hash`` is unique in the database: two
concurrent writers cannot both extend the same head; the loser's transaction fails and is retried.

A chain alone says nothing about the rows it describes: ``UPDATE report_case SET status='closed'``
or a changed evidence ``sha256`` used to pass. So every event also *attests*
(``models_audit.EventAttestation``, covered by its hash) the case's state once its change was made
and the SHA-256 of the evidence it added, and ``verify_state`` compares them with the rows as they
are now: each case with its latest attested state, each evidence row with the hash attested when it
was received, and — with ``files`` — each stored original re-hashed. The first disagreement is
named (case or evidence id, field, attested and found values).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from vigie.reports.models import Case, CaseEvent, Evidence
from vigie.reports.models_audit import EventAttestation

GENESIS = "0" * 64
# PostgreSQL advisory lock serialising appends: writers queue for the head instead of racing for it
# and retrying (bench/reports.py, 20 threads on PostgreSQL: 51 reports/s before, about 290 after).
CHAIN_LOCK = 0x76696769
STATE_FIELDS = ("status", "outcome", "version", "merged_into_id")
EVIDENCE_KINDS = frozenset({"case_opened", "report_added"})


def canonical_time(value: dt.datetime) -> str:
    """UTC ISO time; SQLite hands back naive datetimes, which Vigie always writes in UTC."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(event: CaseEvent, attestation: EventAttestation | None = None) -> str:
    content: dict[str, Any] = {
        "case_id": event.case_id,
        "actor_id": event.actor_id,
        "actor": event.actor,
        "kind": event.kind,
        "from": event.from_status,
        "to": event.to_status,
        "details": event.details,
        "comment": event.comment,
        "at": canonical_time(event.created_at),
        "prev": event.prev_hash,
    }
    if attestation is not None:  # events older than attestations hash as they always did
        content["state"] = attestation.state
        content["evidence"] = attestation.evidence
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def case_state(session: Session, case_id: int) -> dict[str, Any]:
    """The attested fields of a case as the database holds them now (read by SQL, not from the
    session's objects, which a guarded ``UPDATE`` leaves stale)."""
    row = session.execute(
        select(*(getattr(Case, name) for name in STATE_FIELDS)).where(Case.id == case_id)
    ).one_or_none()
    return dict(zip(STATE_FIELDS, row, strict=True)) if row is not None else {}


def _added_evidence(session: Session, kind: str, details: dict[str, Any]) -> list[Any]:
    report_id = details.get("report_id")
    if kind not in EVIDENCE_KINDS or not isinstance(report_id, int):
        return []
    rows = session.execute(
        select(Evidence.id, Evidence.sha256)
        .where(Evidence.report_id == report_id)
        .order_by(Evidence.id)
    )
    return [[evidence_id, sha256] for evidence_id, sha256 in rows]


def append_event(
    session: Session,
    *,
    case_id: int,
    actor_id: int | None,
    actor: str,
    kind: str,
    from_status: str | None = None,
    to_status: str | None = None,
    details: dict[str, Any] | None = None,
    comment: str = "",
) -> CaseEvent:
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        # Held until commit; the head read below then sees every committed append.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    session.flush()  # the caller's change to the case and its evidence, so they can be attested
    head = session.scalar(select(CaseEvent.hash).order_by(CaseEvent.id.desc()).limit(1))
    event = CaseEvent(
        case_id=case_id,
        actor_id=actor_id,
        actor=actor,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        details=details or {},
        comment=comment,
        created_at=dt.datetime.now(dt.UTC),
        prev_hash=head or GENESIS,
    )
    attestation = EventAttestation(
        state=case_state(session, case_id), evidence=_added_evidence(session, kind, details or {})
    )
    event.hash = event_hash(event, attestation)
    session.add(event)
    session.flush()
    attestation.event_id = event.id
    session.add(attestation)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    reason: str = ""
    head: str = GENESIS


def contains_hash(session: Session, value: str) -> bool:
    """Whether an event with this hash exists: a head recorded earlier must still be in the chain,
    which catches deletion of the most recent events (the one thing a chain alone cannot see)."""
    return session.scalar(select(CaseEvent.id).where(CaseEvent.hash == value).limit(1)) is not None


def _attestations(session: Session, events: list[CaseEvent]) -> dict[int, EventAttestation]:
    ids = [event.id for event in events]
    rows = session.scalars(select(EventAttestation).where(EventAttestation.event_id.in_(ids)))
    return {row.event_id: row for row in rows}


def walk_chain(
    session: Session,
    visit: Callable[[CaseEvent, EventAttestation | None], None] | None = None,
    batch: int = 2_000,
) -> ChainCheck:
    """Walk every event in order, recomputing hashes (attestations included); stop at the first
    one that does not hold. ``visit`` sees each event that holds, with its attestation."""
    expected_prev, checked, last_id = GENESIS, 0, 0
    while True:
        rows = session.scalars(
            select(CaseEvent).where(CaseEvent.id > last_id).order_by(CaseEvent.id).limit(batch)
        ).all()
        if not rows:
            return ChainCheck(True, checked, head=expected_prev)
        attested = _attestations(session, list(rows))
        for event in rows:
            if event.prev_hash != expected_prev:
                return ChainCheck(False, checked, event.id, "previous event missing or changed")
            if event_hash(event, attested.get(event.id)) != event.hash:
                return ChainCheck(False, checked, event.id, "event content was modified")
            if visit is not None:
                visit(event, attested.get(event.id))
            expected_prev, checked, last_id = event.hash, checked + 1, event.id
        session.expunge_all()


def verify_chain(session: Session, batch: int = 2_000) -> ChainCheck:
    return walk_chain(session, None, batch)
