"""Peak memory of two uvicorn workers (what ``vigie serve --workers 2`` runs) while 8 clients send 1 GB chunked bodies at once.

Each client streams 64 KiB chunks of a (would-be) 1 GB JSON body to ``/api/v1/scan`` and to a
moderator route, and stops when the server answers or closes. The table gives, per worker, its
resident memory idle (the baseline, measured in the same run) and at its peak during the flood,
and per client how much it could send before the 413. Before the body caps, four such bodies took
one worker to 5 GB; the target is a peak within 50 MB of idle.

    .venv/bin/python -m bench.load_bodies
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil

from bench.net import free_port

CLIENTS = 8
BODY_BYTES = 1024**3
CHUNK = 64 * 1024
PATHS = ("/api/v1/scan", "/api/v1/cases/1/transition")


def _flood(port: int, path: str, result: list[tuple[str, int, str]]) -> None:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n".encode("ascii")
    )
    chunk = f"{CHUNK:x}\r\n".encode("ascii") + b"[" * CHUNK + b"\r\n"
    sent, status = 0, "no answer"
    sock.settimeout(0.0)
    try:
        while sent < BODY_BYTES:
            try:
                answer = sock.recv(200)
                if answer:
                    status = answer.split(b"\r\n", 1)[0].decode("latin-1")
                    break
            except BlockingIOError:
                pass
            sock.settimeout(30)
            sock.sendall(chunk)
            sock.settimeout(0.0)
            sent += CHUNK
    except OSError as exc:
        status = f"closed ({type(exc).__name__})"
    finally:
        sock.close()
    result.append((path, sent, status))


def _rss(process: psutil.Process) -> int:
    try:
        return int(process.memory_info().rss)
    except psutil.Error:
        return 0


def main() -> None:
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="vigie-bench-bodies-"))
    env = {
        **os.environ,
        "VIGIE_DATA_DIR": str(work),
        "VIGIE_ENVIRONMENT": "test",
        "VIGIE_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    }
    # What `vigie serve --workers 2` runs (uvicorn's supervisor and two workers), started directly.
    command = [
        sys.executable, "-m", "uvicorn", "vigie.web.app:create_app", "--factory", "--workers", "2",
        "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.3)
        for _ in range(20):  # warm both workers: imports, the scanner's model
            httpx.post(f"http://127.0.0.1:{port}/api/v1/scan", json={"text": "botox"}, timeout=30)
        workers = [p for p in psutil.Process(server.pid).children(recursive=True) if _rss(p)]
        idle = {w.pid: _rss(w) for w in workers}
        peak = dict(idle)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                for worker in workers:
                    peak[worker.pid] = max(peak[worker.pid], _rss(worker))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        results: list[tuple[str, int, str]] = []
        started = time.perf_counter()
        threads = [
            threading.Thread(target=_flood, args=(port, PATHS[i % 2], results))
            for i in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        time.sleep(0.5)
        done.set()
        sampler.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{CLIENTS} clients, each a 1 GB chunked body; all answered in {elapsed:.2f} s")
    print(f"{'worker':>8} {'idle MB':>9} {'peak MB':>9} {'delta MB':>9}")
    for pid in idle:
        delta = (peak[pid] - idle[pid]) / 1e6
        print(f"{pid:>8} {idle[pid] / 1e6:>9.1f} {peak[pid] / 1e6:>9.1f} {delta:>9.1f}")
    print(f"{'route':<28} {'sent before answer':>20}  answer")
    for path, sent, status in sorted(results):
        print(f"{path:<28} {sent / 1e6:>17.1f} MB  {status}")


if __name__ == "__main__":
    main()
