"""Fixtures shared by every domain's tests.

``settings`` / ``engine`` / ``session_factory`` are parametrised over the two real databases:
SQLite (a fresh file per test) and PostgreSQL (a fresh database per test, cloned from a migrated
template). PostgreSQL comes from ``VIGIE_TEST_POSTGRES_URL`` (``make test`` starts a throwaway
cluster); when ``VIGIE_TEST_REQUIRE_POSTGRES=1`` its absence is an error, otherwise those tests skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Environment, Settings
from vigie.db.engine import make_engine, make_session_factory
from vigie.db.migrate import upgrade

POSTGRES_URL = os.environ.get("VIGIE_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("VIGIE_TEST_REQUIRE_POSTGRES") == "1"
BACKENDS = ["sqlite", "postgresql"]


def _admin_engine() -> Engine:
    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_template(worker_id: str) -> Iterator[str | None]:
    """A migrated template database per xdist worker; tests clone it (fast CREATE DATABASE)."""
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("VIGIE_TEST_REQUIRE_POSTGRES=1 but VIGIE_TEST_POSTGRES_URL is not set")
        yield None
        return
    # Unique per session too: two pytest runs sharing one cluster must not drop each other's template.
    name = f"vigie_tpl_{worker_id}_{uuid.uuid4().hex[:8]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    upgrade(engine)
    engine.dispose()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vigie.sqlite3'}"
        return
    template = request.getfixturevalue("postgres_template")
    if template is None:
        pytest.skip("PostgreSQL not configured (set VIGIE_TEST_POSTGRES_URL or run `make test`)")
    name = f"vigie_t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment=Environment.TEST,
        data_dir=tmp_path / "data",
        database_url=db_url,
        secret_key="test-secret-key-" + uuid.uuid4().hex,
    )


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings)
    upgrade(engine)  # no-op on a cloned PostgreSQL template; creates the schema on SQLite
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


SCREENSHOT_DIR = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the browser flows' screenshots are (defined here so the xdist controller,
    which never imports ``tests/functional/conftest.py``, prints it too)."""
    shots = sorted(SCREENSHOT_DIR.glob("*.png")) if SCREENSHOT_DIR.exists() else []
    if shots:
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(
            f"{len(shots)} screenshots (360 px and 1280 px) in {SCREENSHOT_DIR}"
        )
