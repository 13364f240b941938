"""Races against a real uvicorn server, on SQLite and PostgreSQL: 200 reports about 20 accounts
filed from 20 threads end as exactly 20 cases; two moderators moving one case at once get one
success and one 409, and nothing is lost."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, func, select

from report_helpers import bearer, make_actor
from vigie.config import Settings
from vigie.db.engine import make_session_factory
from vigie.reports.audit import verify_chain
from vigie.reports.models import Case, CaseEvent, Report, ReportedAccount
from vigie.web.app import create_app

pytestmark = pytest.mark.slow


@pytest.fixture
def server(settings: Settings, engine: Engine) -> Iterator[str]:
    app = create_app(settings)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    instance.should_exit = True
    thread.join(10)
    sock.close()
    app.state.engine.dispose()


def _file(base: str, index: int) -> int:
    account = [f"@acct.{index % 20:02d}", f"https://www.instagram.com/acct.{index % 20:02d}/"][
        index % 2
    ]
    data = {"platform": "instagram", "account": account, "description": f"report {index}"}
    with httpx.Client(base_url=base, timeout=60) as client:
        return client.post("/api/v1/reports", data=data, files={"x": ("", b"")}).status_code


def test_200_concurrent_reports_make_20_cases(server: str, engine: Engine) -> None:
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda i: _file(server, i), range(200)))
    assert statuses == [201] * 200
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 20
        assert session.scalar(select(func.count()).select_from(ReportedAccount)) == 20
        assert session.scalar(select(func.count()).select_from(Report)) == 200
        per_case = session.execute(
            select(Report.case_id, func.count()).group_by(Report.case_id)
        ).all()
        assert sorted(n for _, n in per_case) == [10] * 20
        assert session.scalar(select(func.count()).select_from(CaseEvent)) == 200
        assert verify_chain(session).ok


def test_two_moderators_at_once_one_conflict(server: str, engine: Engine) -> None:
    factory = make_session_factory(engine)
    first, second = (
        make_actor(factory, "moderator", "m1@example.test"),
        make_actor(factory, "moderator", "m2@example.test"),
    )
    assert _file(server, 1) == 201
    barrier = threading.Barrier(2)

    def move(actor_headers: dict[str, str], body: dict[str, object]) -> int:
        with httpx.Client(base_url=server, timeout=60) as client:
            barrier.wait()
            return client.post(
                "/api/v1/cases/1/transition", json=body, headers=actor_headers
            ).status_code

    bodies = [
        {"to": "triaged", "version": 1, "comment": "m1"},
        {"to": "closed", "outcome": "unfounded", "version": 1, "comment": "m2"},
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(move, [bearer(first), bearer(second)], bodies))
    assert statuses == [200, 409]
    with factory() as session:
        case = session.get(Case, 1)
        assert case is not None
        assert case.version == 2
        kinds = session.scalars(
            select(CaseEvent.kind).where(CaseEvent.case_id == 1).order_by(CaseEvent.id)
        ).all()
        assert kinds[0] == "case_opened"
        assert len(kinds) == 2
        assert verify_chain(session).ok
