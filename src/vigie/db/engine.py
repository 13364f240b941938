"""Engine and session factory for SQLite (embedded default) and PostgreSQL (production).

SQLite gets WAL mode so readers keep reading the current snapshot while a load writes the next one,
and a busy timeout so a second writer waits instead of failing at once. PostgreSQL gets a statement
time limit so no read can hold a worker forever.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Settings


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(settings: Settings, *, url: str | None = None) -> Engine:
    raw_url = url or settings.effective_database_url
    parsed = make_url(raw_url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(raw_url, parsed.database)
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        raw_url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    timeout = int(settings.statement_timeout_ms)
    return create_engine(
        raw_url,
        pool_pre_ping=True,
        connect_args={"options": f"-c statement_timeout={timeout}"},
    )


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception."""
    with factory() as session, session.begin():
        yield session
