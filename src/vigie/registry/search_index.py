"""Per-snapshot name-search index, built during the load before the snapshot becomes current.

Interface between the loader and the search: the loader calls ``build_for_snapshot`` once the
snapshot's rows are written (inside the load, before the switch) and ``remove_for_snapshot`` when it
drops an old snapshot. Files live in ``index_dir / f"snapshot-{snapshot_id}"`` and are written to a
temporary directory then renamed, so a crash never leaves a half-built index in place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.orm import Session


def snapshot_index_dir(index_dir: Path, snapshot_id: int) -> Path:
    return index_dir / f"snapshot-{snapshot_id}"


def build_for_snapshot(session: Session, snapshot_id: int, index_dir: Path) -> None:
    """Build the search index of ``snapshot_id`` (implemented by the search work, issue 3)."""


def remove_for_snapshot(index_dir: Path, snapshot_id: int) -> None:
    shutil.rmtree(snapshot_index_dir(index_dir, snapshot_id), ignore_errors=True)
