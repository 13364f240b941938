"""Serve the API with a real uvicorn on 127.0.0.1 and time the search endpoint over HTTP.

The server is a separate process (what production runs); its resident memory after the queries is
the "serving process with the national index loaded" figure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil

from bench.net import free_port
from bench.search_queries import Query


@contextmanager
def served(database_url: str, data_dir: Path) -> Iterator[tuple[str, psutil.Process]]:
    port = free_port()
    env = {
        **os.environ,
        "VIGIE_DATABASE_URL": database_url,
        "VIGIE_DATA_DIR": str(data_dir),
        "VIGIE_ENVIRONMENT": "test",
        "VIGIE_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    }
    command = [
        sys.executable, "-m", "uvicorn", "vigie.web.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base)
        yield base, psutil.Process(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the bench server did not start within 60 s")


def run(base: str, queries: Sequence[Query], limit: int = 5) -> list[float]:
    """Latency (ms) of each query, sequentially, on one keep-alive connection."""
    latencies: list[float] = []
    with httpx.Client(base_url=base, timeout=10) as client:
        for query in queries[:20]:  # warm-up: the first request opens the index
            client.get("/api/v1/practitioners", params={"q": query.text, "limit": limit})
        for query in queries:
            started = time.perf_counter()
            response = client.get("/api/v1/practitioners", params={"q": query.text, "limit": limit})
            latencies.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
    return latencies
