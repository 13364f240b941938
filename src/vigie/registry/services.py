"""Read side of the registry for every caller (CLI, web): the current snapshot and its status.

Readers resolve the current snapshot once per request through ``registry_state`` and then only read
rows of that snapshot id, so a load switching snapshots in between never mixes two registries.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.errors import NoSnapshot
from vigie.registry.models import STATE_ID, RegistryState, Snapshot, SnapshotStatus
from vigie.registry.schemas import FailedLoad, RegistryStatus, RejectedRow


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


def last_failed_load(session: Session, after_id: int) -> FailedLoad | None:
    """The newest failed load after the current snapshot (operators want to know the feed broke)."""
    query = (
        select(Snapshot)
        .where(Snapshot.id > after_id, Snapshot.status == SnapshotStatus.FAILED)
        .order_by(Snapshot.id.desc())
        .limit(1)
    )
    failed = session.scalars(query).first()
    if failed is None:
        return None
    started = _utc(failed.started_at) or failed.started_at
    return FailedLoad(snapshot_id=failed.id, started_at=started, error=failed.error or "")


def registry_status(session: Session) -> RegistryStatus:
    snapshot = current_snapshot(session)
    if snapshot is None:
        return RegistryStatus(loaded=False, last_failed_load=last_failed_load(session, 0))
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
        last_failed_load=last_failed_load(session, snapshot.id),
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
