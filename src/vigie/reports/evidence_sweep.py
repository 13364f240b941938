"""Erase evidence files no report references: what abandoned report forms left behind.

A report form refused for a missing field keeps its valid files in storage at once (so the
reporter need not choose them again, ``reports.pending_evidence``), and a request that failed
after storing its files leaves them too. If the reporter never comes back, those screenshots —
often of a victim's face or messages — would stay forever although no case holds them. The sweep
deletes an original (and its preview) when no ``report_evidence`` row names its digest and it was
last stored longer ago than ``older_than`` (well past the day a pending-file token lives).

It never races a report being filed with the same bytes: storage is content-addressed, so that
report's ``put`` finds the file already there and only refreshes its time
(``LocalDirectoryStorage.put``). The sweep first moves a candidate aside (an atomic rename), then
looks at its time again: refreshed means a report is taking it and it goes back; otherwise a
``put`` arriving now no longer finds it and writes it afresh. Only then is the database asked
whether a row names it, and the moved file deleted.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.reports.models import Evidence
from vigie.reports.storage import LocalDirectoryStorage

KINDS = ("originals", "previews")
DEFAULT_OLDER_THAN = dt.timedelta(days=2)


@dataclass(frozen=True)
class SweepResult:
    deleted: int  # files (originals and previews)
    freed_bytes: int
    kept_recent: int  # unreferenced but too recent: maybe a form shown again with its errors


def _referenced(session: Session, digest: str) -> bool:
    return session.scalar(select(Evidence.id).where(Evidence.sha256 == digest).limit(1)) is not None


def _sweep_one(session: Session, path: Path, cutoff: float) -> int | None:
    """Delete ``path`` if it is still old and unreferenced once moved aside; its size if so."""
    aside = path.with_name(f".sweeping-{path.name}")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        return None
    stat = aside.stat()
    if stat.st_mtime >= cutoff or _referenced(session, path.name):
        os.replace(aside, path)  # a report is taking it (a fresh copy, if any, has the same bytes)
        return None
    aside.unlink()
    return stat.st_size


def sweep_unreferenced(
    session: Session,
    storage: LocalDirectoryStorage,
    older_than: dt.timedelta = DEFAULT_OLDER_THAN,
    now: dt.datetime | None = None,
) -> SweepResult:
    cutoff = (now or dt.datetime.now(dt.UTC)).timestamp() - older_than.total_seconds()
    referenced = set(session.scalars(select(Evidence.sha256).distinct()))
    deleted = freed = recent = 0
    for kind in KINDS:
        for path in sorted((storage.root / kind).glob("??/*")):
            if path.name.startswith(".") or path.name in referenced:
                continue
            if path.stat().st_mtime >= cutoff:
                recent += 1
                continue
            size = _sweep_one(session, path, cutoff)
            if size is not None:
                deleted += 1
                freed += size
    return SweepResult(deleted=deleted, freed_bytes=freed, kept_recent=recent)
