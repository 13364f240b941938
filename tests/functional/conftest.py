"""Fixtures for the tests that go through an edge (see ``README.md`` here).

HTTP through Starlette's test client:

- ``site_settings`` / ``site_app`` / ``site_client``: pages only read, so one database seeded with
  the demo registry per backend per test module is enough: ``site_app`` is module-scoped and
  parametrised over SQLite and PostgreSQL (cloned from the migrated template of the shared
  ``postgres_template`` fixture), which keeps the page suite fast on both databases.

The ``vigie`` command:

- ``cli_env``: the environment that points ``vigie`` (through Typer's ``CliRunner`` or as a
  subprocess) at the test's migrated database and data directory.

Browser flows: one real uvicorn server and one headless Chromium per test session.

- ``live_server``: ``create_app`` with test settings, served by uvicorn in a thread on 127.0.0.1 and
  a free port, over a SQLite file seeded with the demo registry (``tests/demo_registry.py``).
  Flows needing more data (users, cases) write it through ``live_server.session_factory``.
- ``browser``: Debian's Chromium driven by Playwright (``VIGIE_TEST_CHROMIUM``; never
  ``playwright install``).
- ``page``: a fresh context per test (French locale, base URL set, so ``page.goto("/verifier")``
  works) that fails the test on any console error, page error, failed request, HTTP error of a
  sub-resource or request leaving the server. ``problems.allow(regex)`` accepts an expected one.

Every test marked ``@pytest.mark.browser`` is put in the ``browser`` xdist group, so that under
``--dist loadgroup`` all flows share one worker, hence one server and one browser. Note: with
pytest 9.2 and pytest-xdist 3.8, xdist's grouping writes ``item._nodeid`` while pytest now reads
``item._id``, so groups are silently ignored and each worker that gets browser tests starts its
own server and browser (a few seconds each; correct, only less shared). The screenshot summary
at the end of a run is printed by ``tests/conftest.py`` (the xdist controller never imports this
file).
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from browser import (
    CHROMIUM_ARGS,
    DESKTOP,
    LiveServer,
    PageProblems,
    chromium_path,
)
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from demo_registry import seed_demo_registry
from report_helpers import Actor, app_client, factory_of, make_actor
from vigie.config import Environment, Settings
from vigie.db.engine import make_engine, make_session_factory, transaction
from vigie.db.migrate import upgrade
from vigie.web.app import create_app

BROWSER_GROUP = "browser"
POSTGRES_URL = os.environ.get("VIGIE_TEST_POSTGRES_URL", "")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Group browser tests before xdist reads the groups (its hook runs after this one)."""
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(BROWSER_GROUP))


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    """The app on this test's migrated database (SQLite and PostgreSQL), through TestClient."""
    with app_client(settings) as test_client:
        yield test_client


@pytest.fixture
def moderator(client: TestClient) -> Actor:
    return make_actor(factory_of(client), "moderator")


@pytest.fixture
def cli_env(settings: Settings, engine: Engine) -> dict[str, str]:
    """What ``vigie`` reads to run against this test's migrated database and data directory.

    ``CliRunner`` adds it to ``os.environ``; a subprocess needs ``{**os.environ, **cli_env}``."""
    return {
        "VIGIE_DATABASE_URL": settings.effective_database_url,
        "VIGIE_DATA_DIR": str(settings.data_dir),
        "VIGIE_ENVIRONMENT": "test",
        "VIGIE_SECRET_KEY": settings.secret_key,
    }


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


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def _start(server: uvicorn.Server, sock: socket.socket) -> threading.Thread:
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.02)
    return thread


def _test_settings(data_dir: Path) -> Settings:
    return Settings(
        environment=Environment.TEST,
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'vigie.sqlite3'}",
        secret_key="browser-tests-secret-key-0123456789abcdef",
    )


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = _test_settings(tmp_path_factory.mktemp("live"))
    engine = make_engine(settings)
    upgrade(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        seed_demo_registry(session, settings.index_dir)
    sock = _free_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings), log_level="warning", ws="none", lifespan="off", access_log=False
    )
    server = uvicorn.Server(config)
    thread = _start(server, sock)
    yield LiveServer(f"http://127.0.0.1:{port}", settings, factory)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    engine.dispose()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def problems(live_server: LiveServer) -> PageProblems:
    return PageProblems(base_url=live_server.url)


@pytest.fixture
def page(browser: Browser, live_server: LiveServer, problems: PageProblems) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=DESKTOP, java_script_enabled=True
    )
    page = context.new_page()
    problems.watch(page)
    yield page
    context.close()
    if problems.found:
        pytest.fail("problems in the browser:\n" + "\n".join(problems.found))
