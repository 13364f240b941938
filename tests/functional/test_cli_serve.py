"""``vigie serve --workers 2`` as an operator runs it: both workers start and stay up, and the
service answers. Uvicorn's default 5 s health check used to kill workers still importing the app
(about 6 CPU-seconds, more on a busy machine), forever."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ports import free_port

pytestmark = pytest.mark.slow


def test_two_workers_start_and_serve(cli_env: dict[str, str], tmp_path: Path) -> None:
    if cli_env["VIGIE_DATABASE_URL"].startswith("postgresql"):
        pytest.skip("this pins the process model, not the database: once on SQLite is enough")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, **cli_env, "VIGIE_SECRET_KEY": "serve-test-" + "k" * 40}
    vigie = Path(sys.executable).with_name("vigie")
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(vigie), "serve", "--workers", "2", "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        statuses = [
            httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code for _ in range(8)
        ]
        time.sleep(3)  # a worker killed by the supervisor shows in the log within a ping or two
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert statuses == [200] * 8, text
    assert "died" not in text, text
    assert text.count("Application startup complete") == 2, text
