"""Bodies refused while they stream, on a real uvicorn: the 413 arrives while the client is still
sending, before the body is parsed and before the route asks who is calling.

Before: a chunked 400 MB JSON body to a moderator route was buffered and parsed, then answered
401; the scan API read only ``Content-Length``, so a 200 MiB chunked body was accepted.
"""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest
from browser import LiveServer

from vigie.web.limits import DEFAULT_BODY_BYTES, SCAN_BODY_BYTES

CHUNK = 64 * 1024


def _send_chunked(
    server: LiveServer, path: str, total: int
) -> tuple[int, dict[str, str], bytes, int]:
    """POST ``total`` bytes of chunked JSON, stopping as soon as the server answers; returns the
    status, headers, body and how many bytes were sent before the answer came."""
    url = urlsplit(server.url)
    sock = socket.create_connection((url.hostname, url.port), timeout=10)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/json\r\n"
        "Accept: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    sock.sendall(head.encode("ascii"))
    sent = 0
    sock.setblocking(False)
    answer = b""
    try:
        while sent < total:
            try:
                answer += sock.recv(65536)
                if b"\r\n\r\n" in answer:
                    break
            except BlockingIOError:
                pass
            chunk = b"[" * CHUNK
            try:
                sock.setblocking(True)
                sock.sendall(f"{len(chunk):x}\r\n".encode("ascii") + chunk + b"\r\n")
                sock.setblocking(False)
            except OSError:
                break  # the server closed its side: it stopped reading
            sent += CHUNK
        sock.setblocking(True)
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < _length(answer):
            data = sock.recv(65536)
            if not data:
                break
            answer += data
    finally:
        sock.close()
    head_part, _, body = answer.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return status, headers, body, sent


def _length(answer: bytes) -> int:
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 0


@pytest.mark.parametrize(
    ("path", "limit"),
    [
        ("/api/v1/cases/1/transition", DEFAULT_BODY_BYTES),  # a moderator route, signed out
        ("/api/v1/scan", SCAN_BODY_BYTES),  # the public scan API
    ],
)
def test_a_chunked_body_is_cut_off_at_its_cap(
    live_server: LiveServer, path: str, limit: int
) -> None:
    total = 200 * 1024 * 1024  # what the client would send if let
    status, headers, body, sent = _send_chunked(live_server, path, total)
    assert status == 413  # not 401, not a parse error: the cap came first
    assert json.loads(body)["error"] == {
        "code": "too_large",
        "message": f"Request body too large (limit {limit} bytes).",
        "details": {"limit": limit},
    }
    assert headers["connection"] == "close"
    assert (
        sent < 32 * 1024 * 1024
    )  # answered while the body was still coming (socket buffers aside)


def test_a_declared_length_past_the_cap_is_refused_before_any_byte(live_server: LiveServer) -> None:
    url = urlsplit(live_server.url)
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(
            f"POST /api/v1/scan HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/json"
            f"\r\nContent-Length: {400 * 1024 * 1024}\r\n\r\n".encode("ascii")
        )
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413 ")
