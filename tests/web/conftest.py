"""Page-test fixtures: a TestClient over an app whose database holds the demo registry.

Pages only read, so one seeded database per backend per test module is enough: ``site_app`` is
module-scoped and parametrised over SQLite and PostgreSQL (cloned from the migrated template of
the shared ``postgres_template`` fixture), which keeps the page suite fast on both databases.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from demo_registry import seed_demo_registry
from vigie.config import Environment, Settings
from vigie.db.engine import make_engine, make_session_factory, transaction
from vigie.db.migrate import upgrade
from vigie.web.app import create_app

POSTGRES_URL = os.environ.get("VIGIE_TEST_POSTGRES_URL", "")


def _postgres_clone(template: str) -> tuple[str, str]:
    name = f"vigie_web_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return name, make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def _drop(name: str) -> None:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    data_dir: Path = tmp_path_factory.mktemp("site")
    database = None
    if request.param == "sqlite":
        url = f"sqlite:///{data_dir / 'vigie.sqlite3'}"
    else:
        template = request.getfixturevalue("postgres_template")
        if template is None:
            pytest.skip("PostgreSQL not configured (set VIGIE_TEST_POSTGRES_URL)")
        database, url = _postgres_clone(template)
    yield Settings(
        environment=Environment.TEST,
        data_dir=data_dir,
        database_url=url,
        secret_key="site-tests-" + uuid.uuid4().hex,
    )
    if database:
        _drop(database)


@pytest.fixture(scope="module")
def site_app(site_settings: Settings) -> Iterator[FastAPI]:
    engine = make_engine(site_settings)
    upgrade(engine)
    with transaction(make_session_factory(engine)) as session:
        seed_demo_registry(session, site_settings.index_dir)
    engine.dispose()
    app = create_app(site_settings)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def site_client(site_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(site_app, headers={"accept": "text/html", "accept-language": "fr"}) as client:
        yield client
