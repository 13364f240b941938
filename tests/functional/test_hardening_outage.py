"""PostgreSQL stopped mid-run: honest 503s with ``Retry-After`` on a connection that stays usable,
then recovery without a restart once the database is back.

The test starts its own throwaway cluster (``scripts/pg.sh``) so it can stop it; it never touches
the suite's shared one. Before: a database outage answered 500 and the keep-alive connection was
reset after each.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from ports import free_port
from vigie.config import Environment, Settings
from vigie.db.engine import make_engine
from vigie.db.migrate import upgrade
from vigie.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(command: str) -> None:
    args = (
        ["su", "postgres", "-s", "/bin/bash", "-c", command]
        if os.getuid() == 0
        else [
            "bash",
            "-c",
            command,
        ]
    )
    subprocess.run(args, check=True, capture_output=True, timeout=60)


class Cluster:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory, self.port = directory, port
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"

    def start(self) -> None:
        _as_postgres(
            f"{PG_BIN}/pg_ctl -D {self.directory}/data -l {self.directory}/log -w start "
            f"-o '-p {self.port} -k {self.directory}/sock -c listen_addresses=127.0.0.1'"
        )

    def stop(self) -> None:
        _as_postgres(f"{PG_BIN}/pg_ctl -D {self.directory}/data -m immediate -w stop")


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    if not (PG_BIN / "pg_ctl").exists() or shutil.which("su") is None:
        pytest.skip("PostgreSQL 15 binaries are needed to stop a database of our own")
    # Directly under /tmp: the postgres user must reach it (pytest's tmp_path is root-only).
    directory = Path(tempfile.mkdtemp(prefix="vigie-own-pg-"))
    port = free_port()
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "pg.sh"), "start", str(directory), str(port)],
        check=True,
        timeout=120,
    )
    yield Cluster(directory, port)
    subprocess.run(["bash", str(ROOT / "scripts" / "pg.sh"), "stop", str(directory)], timeout=60)


@pytest.fixture
def server(cluster: Cluster, tmp_path: Path) -> Iterator[int]:
    settings = Settings(
        environment=Environment.TEST,
        data_dir=tmp_path / "data",
        database_url=cluster.url,
        secret_key="outage-test-secret-key-0123456789",
        statement_timeout_ms=2_000,
    )
    engine = make_engine(settings)
    upgrade(engine)
    engine.dispose()
    app = create_app(settings)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        app, log_level="critical", lifespan="off", access_log=False, timeout_keep_alive=120
    )
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not runner.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield int(sock.getsockname()[1])
    runner.should_exit = True
    thread.join(timeout=10)
    app.state.engine.dispose()


def _get(conn: http.client.HTTPConnection, path: str, accept: str) -> http.client.HTTPResponse:
    conn.request("GET", path, headers={"accept": accept})
    answer = conn.getresponse()
    answer.body = answer.read()  # type: ignore[attr-defined]
    return answer


def test_database_down_answers_503_then_recovers(cluster: Cluster, server: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
    assert _get(conn, "/api/v1/registry/status", "application/json").status == 200
    cluster.stop()
    for _ in range(2):  # twice on the same keep-alive connection: it was not reset
        down = _get(conn, "/api/v1/registry/status", "application/json")
        assert down.status == 503
        assert down.getheader("retry-after") == "5"
        assert json.loads(down.body)["error"]["code"] == "service_unavailable"  # type: ignore[attr-defined]
    page = _get(conn, "/stats", "text/html")
    assert page.status == 503
    assert "indisponible" in page.body.decode()  # type: ignore[attr-defined]
    cluster.start()
    assert _get(conn, "/api/v1/registry/status", "application/json").status == 200
    conn.close()
