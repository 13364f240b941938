"""Snapshot lifecycle: create (loading), switch (one transaction), drop, and clean up after crashes.

Called only while holding the load lock (``registry.lock``), so any snapshot still ``loading`` here
was left by a loader that died; its rows and index directory are garbage.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from vigie.db.engine import transaction
from vigie.registry.models import (
    STATE_ID,
    Activity,
    Practitioner,
    RegistryState,
    SavoirFaire,
    Snapshot,
    SnapshotStatus,
)
from vigie.registry.search.index_files import remove_for_snapshot

ROW_TABLES = (Activity, SavoirFaire, Practitioner)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def state(session: Session) -> RegistryState:
    """The single ``registry_state`` row, created on first use."""
    row = session.get(RegistryState, STATE_ID)
    if row is None:
        row = RegistryState(id=STATE_ID)
        session.add(row)
        session.flush()
    return row


def create_loading(factory: sessionmaker[Session], source_files: list[str]) -> int:
    with transaction(factory) as session:
        snapshot = Snapshot(
            status=SnapshotStatus.LOADING,
            source_files=source_files,
            started_at=now(),
            loader_pid=os.getpid(),
            source_date_origin="load_time",
            rows_read=0,
            rows_rejected=0,
            persons=0,
            activities=0,
            savoir_faire=0,
            counts_by_profession={},
            rejects_sample=[],
        )
        session.add(snapshot)
        session.flush()
        return snapshot.id


def delete_rows(factory: sessionmaker[Session], snapshot_id: int) -> None:
    """Delete a snapshot's rows, one table per transaction (each is a range of the primary key)."""
    for model in ROW_TABLES:
        with transaction(factory) as session:
            session.execute(delete(model).where(model.snapshot_id == snapshot_id))


def discard(
    factory: sessionmaker[Session], index_dir: Path, snapshot_id: int, status: SnapshotStatus
) -> None:
    """Remove a snapshot's rows and index, keep its row as history with ``status``."""
    remove_for_snapshot(index_dir, snapshot_id)
    delete_rows(factory, snapshot_id)
    with transaction(factory) as session:
        snapshot = session.get(Snapshot, snapshot_id)
        if snapshot is not None:
            snapshot.status = status


def fail(factory: sessionmaker[Session], index_dir: Path, snapshot_id: int, error: str) -> None:
    discard(factory, index_dir, snapshot_id, SnapshotStatus.FAILED)
    with transaction(factory) as session:
        snapshot = session.get(Snapshot, snapshot_id)
        if snapshot is not None:
            snapshot.error = error[:2000]


def clean_stale(factory: sessionmaker[Session], index_dir: Path) -> list[int]:
    """Discard snapshots left ``loading`` by dead loaders (the caller holds the load lock)."""
    with factory() as session:
        stale = list(
            session.scalars(select(Snapshot.id).where(Snapshot.status == SnapshotStatus.LOADING))
        )
    for snapshot_id in stale:
        fail(factory, index_dir, snapshot_id, "interrupted: the loader stopped before the switch")
    return stale


def switch(factory: sessionmaker[Session], snapshot_id: int) -> int | None:
    """Make ``snapshot_id`` current in one transaction; return the snapshot it replaced."""
    with transaction(factory) as session:
        current = state(session)
        replaced = current.current_snapshot_id
        snapshot = session.get_one(Snapshot, snapshot_id)  # created by this load, under the lock
        snapshot.status = SnapshotStatus.COMPLETE
        snapshot.loaded_at = now()
        current.previous_snapshot_id = replaced
        current.current_snapshot_id = snapshot_id
    return replaced


def drop_older(factory: sessionmaker[Session], index_dir: Path) -> list[int]:
    """Drop complete snapshots other than the current and the previous one."""
    with factory() as session:
        current = state(session)
        keep = {current.current_snapshot_id, current.previous_snapshot_id}
        session.commit()
        complete = session.scalars(
            select(Snapshot.id).where(Snapshot.status == SnapshotStatus.COMPLETE)
        )
        old = [snapshot_id for snapshot_id in complete if snapshot_id not in keep]
    for snapshot_id in old:
        discard(factory, index_dir, snapshot_id, SnapshotStatus.DROPPED)
    return old
