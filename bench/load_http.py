"""Throughput and latency of two uvicorn workers (what ``vigie serve --workers 2`` runs) under wrk.

50 connections for ``--seconds`` (30 by default) on loopback, against the name search API and the
HTML result page, then the API again while ``vigie demo`` loads another registry and switches the
current snapshot under the load (0 errors is the target). The baseline is ``/healthz`` (no work
but the middleware stack) measured in the same run. Rate limits are off (``VIGIE_ENVIRONMENT=test``):
this measures the app, not the limiter. wrk is Debian's (``scripts/system_deps.sh``).

    .venv/bin/python -m bench.load_http [--seconds 30] [--persons 20000]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.net import free_port
from vigie.cli.common import migrated_engine
from vigie.config import Settings
from vigie.db.engine import make_session_factory
from vigie.registry.demo import ensure_demo_registry

TARGETS = (
    ("baseline: GET /healthz", "/healthz"),
    ("GET /api/v1/practitioners?q=martin", "/api/v1/practitioners?q=martin&limit=10"),
    ("GET /verifier?q=martin (HTML)", "/verifier?q=martin"),
)


def _wrk(url: str, seconds: int) -> dict[str, str]:
    out = subprocess.run(
        ["wrk", "-t2", "-c50", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    found = {
        "rps": re.search(r"Requests/sec:\s+([\d.]+)", out),
        "p50": re.search(r"\s50%\s+([\d.]+\w+)", out),
        "p99": re.search(r"\s99%\s+([\d.]+\w+)", out),
        "requests": re.search(r"(\d+) requests in", out),
    }
    values = {key: match.group(1) if match else "?" for key, match in found.items()}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    values["errors"] = errors.group(1) if errors else "0"
    values["socket"] = socket_errors.group(1) if socket_errors else "none"
    return values


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--persons", type=int, default=20_000)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: bash scripts/system_deps.sh")
    work = Path(tempfile.mkdtemp(prefix="vigie-bench-http-"))
    env = {
        **os.environ,
        "VIGIE_DATA_DIR": str(work),
        "VIGIE_ENVIRONMENT": "test",
        "VIGIE_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    }
    os.environ.update(env)
    settings = Settings()
    engine = migrated_engine(settings)
    ensure_demo_registry(settings, make_session_factory(engine), args.persons, 11)
    engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable, "-m", "uvicorn", "vigie.web.app:create_app", "--factory", "--workers", "2",
        "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env)
    rows: list[tuple[str, dict[str, str]]] = []
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.3)
        for _ in range(10):  # both workers open the index and load the scanner
            httpx.get(f"{base}/api/v1/practitioners?q=martin", timeout=30)
        for label, path in TARGETS:
            rows.append((label, _wrk(base + path, args.seconds)))
        vigie = str(Path(sys.executable).with_name("vigie"))
        switch = subprocess.Popen(
            [vigie, "demo", "--persons", str(args.persons), "--seed", "12"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        label = "API while a load switches snapshots"
        rows.append((label, _wrk(base + TARGETS[1][1], args.seconds)))
        switched = switch.wait(timeout=600) == 0
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"wrk, 2 threads, 50 connections, {args.seconds} s each; {args.persons} persons")
    print(f"{'target':<40} {'req/s':>9} {'p50':>9} {'p99':>9} {'non-2xx':>8}  socket errors")
    for label, value in rows:
        print(
            f"{label:<40} {value['rps']:>9} {value['p50']:>9} {value['p99']:>9} "
            f"{value['errors']:>8}  {value['socket']}"
        )
    print(f"snapshot switch completed during the last run: {switched}")


if __name__ == "__main__":
    main()
