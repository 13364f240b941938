"""A ``vigie registry load`` killed with SIGKILL mid-way, and a second load while it runs, on SQLite
and PostgreSQL.

The victim is a real ``vigie registry load`` process reading its activity file from a local server
that sends half of it and then stalls, so the kill lands while batches are already written. Each
test takes about half a minute, hence ``slow`` (CI runs them; ``-m "not slow"`` skips them locally).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from registry.extracts import ACTIVITY, DIPLOMA, SAVOIR_FAIRE, fingerprint, small_extract
from registry.http_server import ExtractServer, extract_server
from vigie.config import Settings
from vigie.errors import RegistryLoadBusy
from vigie.registry import synth
from vigie.registry.load import partitions
from vigie.registry.load.loader import LoadOptions, load_registry
from vigie.registry.models import Snapshot, SnapshotStatus

__all__ = ["small_extract"]
pytestmark = pytest.mark.slow
# `vigie registry load` without importing the other command groups (scan pulls in scikit-learn).
VIGIE_REGISTRY = [sys.executable, "-m", "vigie.cli.registry"]
MEDIUM_PERSONS = 1000


@pytest.fixture(scope="module")
def medium_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("extract-medium")
    synth.write(directory, MEDIUM_PERSONS, seed=3)
    return directory


def _loading_rows(engine: Engine) -> tuple[int | None, int]:
    """The loading snapshot and how many batches of rows it has written so far: SQLite commits
    each batch; PostgreSQL writes the snapshot's own tables in one transaction, which other
    sessions cannot see into, so count the backends whose last statement was a ``COPY`` there."""
    with engine.connect() as conn:
        snapshot_id = conn.execute(
            text("SELECT MAX(id) FROM registry_snapshot WHERE status = 'loading'")
        ).scalar()
        if snapshot_id is None:
            return None, 0
        if partitions.applies(conn):
            sql = (
                "SELECT COUNT(*) FROM pg_stat_activity WHERE state <> 'idle'"
                " AND query LIKE 'COPY %' AND split_part(query, ' ', 2) = ANY(:q)"
            )
            args: dict[str, object] = {
                "q": [partitions.name(table, snapshot_id) for table in partitions.TABLES]
            }
        else:
            sql = "SELECT COUNT(*) FROM registry_practitioner WHERE snapshot_id = :s"
            args = {"s": snapshot_id}
        return snapshot_id, int(conn.execute(text(sql), args).scalar_one())


def _tables_left(engine: Engine, snapshot_id: int) -> bool:
    """Whether ``snapshot_id`` still has rows (SQLite) or tables of its own (PostgreSQL)."""
    with engine.connect() as conn:
        if partitions.applies(conn):
            return snapshot_id in partitions.existing(conn)
        sql = "SELECT COUNT(*) FROM registry_practitioner WHERE snapshot_id = :s"
        return bool(conn.execute(text(sql), {"s": snapshot_id}).scalar_one())


@contextmanager
def stalled_load(cli_env: dict[str, str], engine: Engine, extract: Path) -> Iterator[tuple[subprocess.Popen[bytes], ExtractServer, int]]:  # fmt: skip
    """A ``vigie registry load`` subprocess that has written some batches and now waits for data."""
    with extract_server(extract) as server:
        urls = [server.url("slow", ACTIVITY), server.url("files", SAVOIR_FAIRE)]
        urls.append(server.url("files", DIPLOMA))
        command = [*VIGIE_REGISTRY, "load", "--quiet", *urls]
        env = {**os.environ, **cli_env, "VIGIE_REGISTRY_BATCH_ROWS": "100"}
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            snapshot_id, rows = _loading_rows(engine)
            while rows == 0 and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.1)
                snapshot_id, rows = _loading_rows(engine)
            assert process.poll() is None, process.communicate()
            assert snapshot_id is not None
            assert rows > 0
            yield process, server, snapshot_id
        finally:
            if process.poll() is None:
                process.kill()
            process.communicate()


def test_kill_9_mid_load_leaves_previous_snapshot_and_next_load_cleans_up(
    settings: Settings,
    cli_env: dict[str, str],
    engine: Engine,
    session_factory: sessionmaker[Session],
    small_extract: Path,
    medium_extract: Path,
) -> None:
    good = load_registry(settings, [str(small_extract)])
    before = fingerprint(engine)
    with stalled_load(cli_env, engine, medium_extract) as (process, _, stale_id):
        helpers = psutil.Process(process.pid).children()
        assert helpers  # a URL source: rows are written by a helper process
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
        _, alive = psutil.wait_procs(helpers, timeout=15)
        assert not alive  # no orphan keeps writing rows of the dead load
    after_kill = fingerprint(engine)
    assert _tables_left(engine, stale_id)  # the dead loader's rows or tables are still there...
    assert (
        replace(after_kill, stray_rows=0) == before
    )  # ...but readers see exactly the same registry
    result = load_registry(settings, [str(small_extract)], LoadOptions(wait_seconds=30))
    assert result.stale_snapshot_ids == [stale_id]
    final = fingerprint(engine)
    assert (final.current, final.previous) == (result.snapshot_id, good.snapshot_id)
    assert final.stray_rows == 0
    assert not _tables_left(engine, stale_id)
    with session_factory() as session:
        stale = session.get_one(Snapshot, stale_id)
    assert stale.status == SnapshotStatus.FAILED
    assert stale.error is not None
    assert "interrupted" in stale.error


def test_second_load_refuses_while_the_first_runs(
    settings: Settings,
    cli_env: dict[str, str],
    engine: Engine,
    small_extract: Path,
    medium_extract: Path,
) -> None:
    load_registry(settings, [str(small_extract)])
    before = fingerprint(engine)
    with stalled_load(cli_env, engine, medium_extract) as (process, server, _):
        with pytest.raises(RegistryLoadBusy, match="Another registry load is running"):
            load_registry(settings, [str(small_extract)])
        server.release.set()
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    after = fingerprint(engine)
    assert after.previous == before.current
    assert (
        after.practitioners == MEDIUM_PERSONS
    )  # the first load completed, untouched by the refused one
