"""Read side of the registry for every caller (CLI, web): the current snapshot and its status.

Readers resolve the current snapshot once per request through ``registry_state`` and then only read
rows of that snapshot id, so a load switching snapshots in between never mixes two registries.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.errors import NoSnapshot
from vigie.registry.models import RegistryState, Snapshot
from vigie.registry.schemas import RegistryStatus, RejectedRow
from vigie.registry.snapshots import STATE_ID


def _state(session: Session) -> RegistryState | None:
    return session.get(RegistryState, STATE_ID)


def current_snapshot(session: Session) -> Snapshot | None:
    """The snapshot readers see, or ``None`` before the first load."""
    state = _state(session)
    if state is None or state.current_snapshot_id is None:
        return None
    return session.get(Snapshot, state.current_snapshot_id)


def previous_snapshot(session: Session) -> Snapshot | None:
    state = _state(session)
    if state is None or state.previous_snapshot_id is None:
        return None
    return session.get(Snapshot, state.previous_snapshot_id)


def require_current_snapshot(session: Session) -> Snapshot:
    snapshot = current_snapshot(session)
    if snapshot is None:
        raise NoSnapshot(
            "No registry is loaded yet. Run `vigie registry load SOURCE` (or `vigie demo`)."
        )
    return snapshot


def registry_status(session: Session) -> RegistryStatus:
    snapshot = current_snapshot(session)
    if snapshot is None:
        return RegistryStatus(loaded=False)
    state = _state(session)
    return RegistryStatus(
        loaded=True,
        snapshot_id=snapshot.id,
        previous_snapshot_id=state.previous_snapshot_id if state else None,
        source_date=snapshot.source_date,
        source_date_origin=snapshot.source_date_origin,
        source_files=list(snapshot.source_files),
        loaded_at=_utc(snapshot.loaded_at),
        persons=snapshot.persons,
        activities=snapshot.activities,
        savoir_faire=snapshot.savoir_faire,
        rows_read=snapshot.rows_read,
        rows_rejected=snapshot.rows_rejected,
        counts_by_profession=dict(snapshot.counts_by_profession),
        rejects_sample=[RejectedRow.model_validate(r) for r in snapshot.rejects_sample],
    )


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; every timestamp Vigie writes is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment


def last_snapshots(session: Session, limit: int = 10) -> list[Snapshot]:
    """The most recent load attempts (complete, failed, dropped), newest first."""
    query = select(Snapshot).order_by(Snapshot.id.desc()).limit(limit)
    return list(session.scalars(query))
