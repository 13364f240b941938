"""One registry load at a time, across processes and machines.

PostgreSQL: a session-level advisory lock on a dedicated connection. SQLite: ``flock`` on a file
next to the database. Both are released by the operating system or the server when the loader dies
(even by ``kill -9``), so a crashed load never leaves a stale lock behind; and whoever holds the lock
knows that any snapshot still marked ``loading`` belongs to a dead loader.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from vigie.errors import RegistryLoadBusy

# Arbitrary constant shared by every Vigie process: "registry load" in the advisory lock space.
ADVISORY_KEY = 0x56494749_45524C44 & 0x7FFFFFFFFFFFFFFF
POLL_SECONDS = 0.2


def _busy(waited: float) -> RegistryLoadBusy:
    return RegistryLoadBusy(
        "Another registry load is running; this one did not start (nothing was changed). "
        f"Waited {waited:.0f} s. Retry when it has finished, or pass --wait SECONDS.",
    )


def _lock_file(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise RegistryLoadBusy(
            "An in-memory SQLite database cannot be loaded by a separate process."
        )
    return Path(database).with_name(Path(database).name + ".registry-load.lock")


@contextmanager
def _sqlite_lock(engine: Engine, wait_seconds: float) -> Iterator[None]:
    path = _lock_file(engine)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _busy(wait_seconds) from None
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _try_advisory(conn: Connection) -> bool:
    return bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY}).scalar())


@contextmanager
def _postgres_lock(engine: Engine, wait_seconds: float) -> Iterator[None]:
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        deadline = time.monotonic() + wait_seconds
        while not _try_advisory(conn):
            if time.monotonic() >= deadline:
                raise _busy(wait_seconds)
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})


@contextmanager
def load_lock(engine: Engine, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the registry-load lock; raise ``RegistryLoadBusy`` if it is not free within the wait."""
    if engine.dialect.name == "sqlite":
        with _sqlite_lock(engine, wait_seconds):
            yield
    else:
        with _postgres_lock(engine, wait_seconds):
            yield
