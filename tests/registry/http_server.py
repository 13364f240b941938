"""A local HTTP server (127.0.0.1, a thread) that serves extract files well, badly, or slowly.

Paths: ``/files/NAME`` (200, Content-Length, Last-Modified), ``/missing/NAME`` (404),
``/cut/NAME`` (announces the full length, sends half, closes), ``/slow/NAME`` (sends half, then
waits for ``release`` before sending the rest: a load in progress that a test can kill).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LAST_MODIFIED = "Mon, 02 Nov 2026 08:15:00 GMT"


@dataclass
class ExtractServer:
    root: Path
    base_url: str = ""
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, mode: str, name: str) -> str:
        return f"{self.base_url}/{mode}/{name}"


def _handler(server_state: ExtractServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Quiet: tests read assertions, not access logs."""

        def do_GET(self) -> None:
            _, mode, name = self.path.split("/", 2)
            path = server_state.root / name
            if mode == "missing" or not path.is_file():
                self.send_error(404)
                return
            data = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Last-Modified", LAST_MODIFIED)
            self.end_headers()
            if mode == "files":
                self.wfile.write(data)
                return
            half = len(data) // 2
            self.wfile.write(data[:half])
            self.wfile.flush()
            if mode == "slow":
                server_state.release.wait(timeout=120)
                self.wfile.write(data[half:])
            self.close_connection = True

    return Handler


@contextmanager
def extract_server(root: Path) -> Iterator[ExtractServer]:
    state = ExtractServer(root)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
