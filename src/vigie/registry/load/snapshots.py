"""Snapshot lifecycle: create (loading), switch (one transaction), drop, and clean up after crashes.

Called only while holding the load lock (``registry.lock``), so any snapshot still ``loading`` here
was left by a loader that died; its rows and index directory are garbage. On PostgreSQL a snapshot
has tables of its own (``partitions``): created with its ``loading`` row, dropped with its rows.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from sqlalchemy import delete, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from vigie.db.engine import transaction
from vigie.registry.load import partitions
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
DROP_LOCK_WAIT_MS = 200  # what a reader may be kept waiting by a drop
DROP_ATTEMPTS = 50  # 10 s and more: beyond any read's statement time limit (5 s by default)
LOCK_NOT_AVAILABLE = "55P03"


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
        if partitions.applies(session.connection()):  # no snapshot row without its tables
            for statement in partitions.create_statements(snapshot.id):
                session.execute(text(statement))
        return snapshot.id


def delete_rows(factory: sessionmaker[Session], snapshot_id: int) -> None:
    """Delete a snapshot's rows, one table per transaction (each is a range of the primary key).

    PostgreSQL drops the snapshot's tables first; the deletes then only reach the rows written
    through the parents (default partitions), if any.
    """
    _drop_tables(factory, [snapshot_id])
    for model in ROW_TABLES:
        with transaction(factory) as session:
            session.execute(delete(model).where(model.snapshot_id == snapshot_id))


def _drop_tables(factory: sessionmaker[Session], snapshot_ids: list[int]) -> None:
    """PostgreSQL: drop the snapshots' tables. Dropping a partition takes its parent's exclusive
    lock, and readers queue behind a waiting lock: wait for it a moment at a time and retry while
    reads hold it (each read is bounded by its statement time limit)."""
    for attempt in range(DROP_ATTEMPTS):
        try:
            with transaction(factory) as session:
                if not partitions.applies(session.connection()):
                    return
                session.execute(text(f"SET LOCAL lock_timeout = {DROP_LOCK_WAIT_MS}"))
                for statement in partitions.drop_statements(snapshot_ids):
                    session.execute(text(statement))
            return
        except OperationalError as exc:
            if (
                getattr(exc.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE
                or attempt + 1 == DROP_ATTEMPTS
            ):
                raise
            time.sleep(DROP_LOCK_WAIT_MS / 1000)


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
    _drop_orphan_partitions(factory)
    return stale


def _drop_orphan_partitions(factory: sessionmaker[Session]) -> None:
    """PostgreSQL: drop any snapshot table whose snapshot is not complete (nor loading, but under
    the lock none is), such as one a clean-up that itself failed left behind."""
    with factory() as session:
        conn = session.connection()
        if not partitions.applies(conn):
            return
        complete = set(
            session.scalars(select(Snapshot.id).where(Snapshot.status == SnapshotStatus.COMPLETE))
        )
        orphans = [sid for sid in partitions.existing(conn) if sid not in complete]
    if orphans:
        _drop_tables(factory, orphans)


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
