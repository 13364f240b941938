"""Per-client rate limits on the public routes that cost the most: scan, verify, report.

An ASGI layer in front of routing (after the body caps), so a refused request is never parsed.
Counts live in the database (``vigie.accounts.counters``, one atomic statement per request), so a
limit holds across every worker and machine. The limits are per minute and per client, each set
by a ``VIGIE_RATE_LIMIT_*_PER_MINUTE`` setting (0 turns one off).

Who the client is: the address uvicorn gives (``scope["client"]``), which behind a reverse proxy
is the proxy's own unless uvicorn trusts it to tell the real one — ``vigie serve
--forwarded-allow-ips`` names the proxies whose ``X-Forwarded-For`` is believed. An IPv6 client is
counted by its /64, what one subscriber line usually gets. Answers past the limit are 429 with
``Retry-After`` (seconds to the end of the window), in the usual error shape or page.
"""

from __future__ import annotations

import ipaddress

import anyio.to_thread
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from vigie.accounts.counters import hit
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import RateLimited, VigieError
from vigie.web.limits import RouteTable

WINDOW_SECONDS = 60
SCAN, VERIFY, REPORT = "scan", "verify", "report"
BUCKETS = RouteTable(
    {
        ("POST", "/api/v1/scan"): SCAN,
        ("POST", "/api/v1/scan/account"): SCAN,
        ("POST", "/analyser"): SCAN,
        ("GET", "/api/v1/practitioners"): VERIFY,
        ("GET", "/api/v1/practitioners/{identifier}"): VERIFY,
        ("GET", "/verifier"): VERIFY,
        ("GET", "/verifier.json"): VERIFY,
        ("GET", "/praticien/{identifier}"): VERIFY,
        ("GET", "/praticien/{identifier}.json"): VERIFY,
        ("POST", "/api/v1/reports"): REPORT,
        ("POST", "/signaler"): REPORT,
    },
    None,
)
MESSAGES = {
    SCAN: "Trop d'analyses en peu de temps : réessayez dans une minute.",
    VERIFY: "Trop de recherches en peu de temps : réessayez dans une minute.",
    REPORT: "Trop de signalements en peu de temps : réessayez dans une minute.",
}


def client_key(scope: Scope) -> str:
    """The client's address (its /64 for IPv6): what one household or office is counted by."""
    client = scope.get("client")
    host = str(client[0]) if client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address.ipv4_mapped or address) if address.version == 6 else str(address)


def limit_of(settings: Settings, bucket: str) -> int:
    limit: int = getattr(settings, f"rate_limit_{bucket}_per_minute")
    return limit


class RateLimitMiddleware:
    """Pure ASGI; refuses with the app's own ``VigieError`` handler (JSON or HTML page)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        bucket = BUCKETS.lookup(scope["method"], scope["path"]) if scope["type"] == "http" else None
        if bucket is None:
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        limit = limit_of(state.settings, bucket)
        if limit:
            key = f"rate:{bucket}:{client_key(scope)}"

            def count() -> tuple[int, int]:
                with transaction(state.session_factory) as session:
                    result = hit(session, key, WINDOW_SECONDS)
                return result.count, result.retry_after

            try:
                used, retry_after = await anyio.to_thread.run_sync(count)
            except (OperationalError, InterfaceError):
                used, retry_after = 0, 0  # the database is down: the route itself answers 503
            if used > limit:
                refusal = RateLimited(
                    MESSAGES[bucket],
                    details={"limit": limit, "retry_after_seconds": retry_after},
                )
                request = Request(scope, receive)
                response = await scope["app"].exception_handlers[VigieError](request, refusal)
                response.headers["Retry-After"] = str(retry_after)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
