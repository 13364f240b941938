"""Request bodies capped per route while they stream in: a 413 before parsing and authentication.

An ASGI layer outside routing, so it runs before FastAPI reads a body, before the CSRF check and
before any dependency asks who is calling. Each route's cap is in ``body_caps`` (the report
routes take evidence files; the scan routes take lists of posts; every other route gets
``DEFAULT_BODY_BYTES``, enough for any form or JSON body the app reads):

- a ``Content-Length`` above the cap is answered 413 at once, without calling the app;
- a chunked body (or one that lies about its length) is counted as its chunks arrive, and the
  chunk that passes the cap raises ``BodyTooLarge`` inside whatever was reading it; the app's
  error handlers turn that into the usual 413 (JSON error shape, or the HTML page for browsers).

So a 400 MB chunked JSON body to a moderator route costs one chunk of memory, not 5 GB, and is
refused before the route learns that its caller is signed out. ``Connection: close`` goes with
each 413 so the rest of the body is never read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vigie.config import Settings
from vigie.errors import VigieError
from vigie.reports.multipart import body_cap as report_body_cap
from vigie.web.errors import error_body

DEFAULT_BODY_BYTES = 1024 * 1024
SCAN_BODY_BYTES = 2 * 1024 * 1024  # the scan character budget (VIGIE_SCAN_MAX_CHARS) fits


class BodyTooLarge(HTTPException):
    """A request body passed its route's cap (raised from ``receive``, so any reader stops)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"Request body too large (limit {limit} bytes).")
        self.limit = limit


class RequestTooLarge(VigieError):
    """A request within the byte cap that still asks for too much work (the scan budget)."""

    status_code = 413
    code = "too_large"


class RouteTable:
    """Values keyed by (method, route path template), looked up by a request's method and path."""

    def __init__(self, entries: Mapping[tuple[str, str], Any], default: Any) -> None:
        self.entries = dict(entries)
        self.default = default
        self._compiled = [
            (method, compile_path(template)[0], value)
            for (method, template), value in entries.items()
        ]

    def lookup(self, method: str, path: str) -> Any:
        for entry_method, pattern, value in self._compiled:
            if entry_method == method and pattern.match(path):
                return value
        return self.default


def body_caps(settings: Settings) -> RouteTable:
    reports = report_body_cap(settings)
    return RouteTable(
        {
            ("POST", "/api/v1/reports"): reports,
            ("POST", "/signaler"): reports,
            ("POST", "/api/v1/scan"): SCAN_BODY_BYTES,
            ("POST", "/api/v1/scan/account"): SCAN_BODY_BYTES,
        },
        DEFAULT_BODY_BYTES,
    )


def declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if re.fullmatch(rb"\d{1,19}", value) else None
    return None


async def send_too_large(send: Send, limit: int) -> None:
    body = json.dumps(
        error_body("too_large", f"Request body too large (limit {limit} bytes).", {"limit": limit})
    ).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """Pure ASGI: the outermost layer the app adds (see ``create_app``)."""

    def __init__(self, app: ASGIApp, *, caps: RouteTable) -> None:
        self.app = app
        self.caps = caps

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit: int = self.caps.lookup(scope["method"], scope["path"])
        declared = declared_length(scope)
        if declared is not None and declared > limit:
            await send_too_large(send, limit)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            if received > limit:
                raise BodyTooLarge(limit)  # a reader that swallowed the first refusal
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if received > limit:  # the app's own 413: tell the client we stop reading
                    message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await send_too_large(send, limit)
