"""Which snapshot a serving process reads, and its opened index; noticed cheaply after a load.

Each process keeps the current snapshot's info and memory-mapped index, and asks the database for
the current snapshot id at most once per ``search_recheck_seconds``. When a load has switched to a
new snapshot, the next check opens the new index files (built by the load) and drops the old ones.
If the files are missing (deleted, or an index format change), they are rebuilt under a file lock
so several workers never build the same index twice.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.config import Settings
from vigie.errors import NoSnapshot
from vigie.registry.models import RegistryState, Snapshot
from vigie.registry.search import index_files
from vigie.registry.search.snapshot_index import SnapshotIndex


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    id: int
    source_date: dt.date | None
    source_date_origin: str


@dataclass
class _Slot:
    info: SnapshotInfo | None = None
    checked_at: float = float("-inf")
    index: SnapshotIndex | None = None


_SLOTS: dict[tuple[str, str], _Slot] = {}
_LOCK = threading.Lock()
NO_SNAPSHOT_MESSAGE = (
    "Aucun registre n'est chargé pour l'instant : chargez l'extraction RPPS (vigie registry load)."
)


def current_snapshot_info(session: Session, settings: Settings) -> SnapshotInfo:
    """The current snapshot (cached for ``search_recheck_seconds``); ``NoSnapshot`` if none."""
    slot = _slot(settings)
    with _LOCK:
        if time.monotonic() - slot.checked_at >= settings.search_recheck_seconds:
            slot.info = _read_current(session)
            slot.checked_at = time.monotonic()
        info = slot.info
    if info is None:
        raise NoSnapshot(NO_SNAPSHOT_MESSAGE)
    return info


def current_index(session: Session, settings: Settings) -> tuple[SnapshotInfo, SnapshotIndex]:
    """The current snapshot and its opened index (opened or rebuilt on first use)."""
    info = current_snapshot_info(session, settings)
    slot = _slot(settings)
    with _LOCK:
        if slot.index is None or slot.index.snapshot_id != info.id:
            slot.index = open_index(session, settings.index_dir, info.id)
        return info, slot.index


def open_index(session: Session, index_dir: Path, snapshot_id: int) -> SnapshotIndex:
    path = index_files.snapshot_index_dir(index_dir, snapshot_id)
    if not _usable(path):
        index_dir.mkdir(parents=True, exist_ok=True)
        with (index_dir / f".build-{snapshot_id}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not _usable(path):
                index_files.build_for_snapshot(session, snapshot_id, index_dir)
    return SnapshotIndex(path)


def forget_cached(settings: Settings) -> None:
    """Drop this process's cached snapshot (tests; after an operator deletes index files)."""
    with _LOCK:
        _SLOTS.pop(_key(settings), None)


def _usable(path: Path) -> bool:
    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(meta.get("version") == index_files.INDEX_VERSION)


def _read_current(session: Session) -> SnapshotInfo | None:
    row = session.execute(
        select(Snapshot.id, Snapshot.source_date, Snapshot.source_date_origin)
        .join(RegistryState, RegistryState.current_snapshot_id == Snapshot.id)
        .where(RegistryState.id == 1)
    ).first()
    return SnapshotInfo(row[0], row[1], row[2]) if row else None


def _key(settings: Settings) -> tuple[str, str]:
    return settings.effective_database_url, str(settings.index_dir)


def _slot(settings: Settings) -> _Slot:
    with _LOCK:
        return _SLOTS.setdefault(_key(settings), _Slot())
