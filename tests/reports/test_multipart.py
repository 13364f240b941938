"""The bounded multipart reader stops consuming the body as soon as a limit is passed (pure ASGI,
no server): a 50 MB file costs at most a little over the 10 MB limit in bytes read."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from starlette.requests import Request
from starlette.types import Message

from vigie.config import Environment, Settings
from vigie.errors import UploadRejected
from vigie.reports.multipart import checked_files, read_form, report_input

T = TypeVar("T")
BOUNDARY = "vigieboundary"
CHUNK = 64 * 1024


def _settings(tmp_path: Path) -> Settings:
    return Settings(
        environment=Environment.TEST,
        data_dir=tmp_path,
        secret_key="multipart-tests-secret-0123456789",
    )


class Body:
    """An ASGI receive channel producing a multipart body with one big file, counting bytes sent."""

    def __init__(self, file_bytes: int) -> None:
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="account"\r\n\r\n@big\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="evidence"; filename="big.png"\r\n'
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        self.parts = [head]
        self.remaining = file_bytes
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.sent = 0

    async def __call__(self) -> Message:
        if self.parts:
            chunk = self.parts.pop()
        elif self.remaining > 0:
            chunk = b"\0" * min(CHUNK, self.remaining)
            self.remaining -= len(chunk)
        else:
            chunk, self.tail = self.tail, b""
        self.sent += len(chunk)
        return {
            "type": "http.request",
            "body": chunk,
            "more_body": bool(self.remaining or self.tail),
        }


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own: the browser tests' Playwright may own this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _request(body: Body) -> Request:
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/reports",
        "headers": [(b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode())],
        "query_string": b"",
    }
    return Request(scope, body)


def test_fifty_megabytes_are_not_all_read(tmp_path: Path) -> None:
    body = Body(50 * 1024 * 1024)
    with pytest.raises(UploadRejected) as caught:
        run(read_form(_request(body), _settings(tmp_path)))
    assert caught.value.status_code == 413
    assert body.sent < 10 * 1024 * 1024 + 2 * CHUNK


def test_a_small_form_is_read_in_full(tmp_path: Path) -> None:
    settings = _settings(tmp_path)

    async def read() -> tuple[str, int]:
        form = await read_form(_request(Body(0)), settings)
        account = report_input(form).account
        with pytest.raises(UploadRejected):  # an empty file named big.png is refused, not ignored
            await checked_files(form, "evidence", settings)
        return account, len(form.getlist("evidence"))

    assert run(read()) == ("@big", 1)
