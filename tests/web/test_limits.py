"""Limits before work: body caps per route, the scan character budget, per-client rate limits
counted in the database, and the headers that go with refusals (``Retry-After``, ``Allow``).

Through Starlette's test client on both databases; the streaming half (a chunked body cut off
as soon as it passes its cap, on a real uvicorn) is in ``tests/functional/test_hardening_limits.py``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from report_helpers import app_client
from vigie.config import Environment, Settings
from vigie.web.app import create_app
from vigie.web.limits import DEFAULT_BODY_BYTES, SCAN_BODY_BYTES, body_caps
from vigie.web.ratelimit import BUCKETS, client_key


def _routes(app: object) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()

    def walk(routes: list[object]) -> None:
        for route in routes:
            if hasattr(route, "original_router"):
                walk(route.original_router.routes)
            elif isinstance(route, APIRoute):
                found.update((method, route.path) for method in route.methods)

    walk(app.router.routes)  # type: ignore[attr-defined]
    return found


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with app_client(settings) as test_client:
        yield test_client


@pytest.fixture
def limited(settings: Settings, engine: Engine) -> Settings:
    """The test's database with the rate limits on (the test environment turns them off)."""
    values = settings.model_dump() | {
        "rate_limit_scan_per_minute": 2,
        "rate_limit_verify_per_minute": 3,
        "rate_limit_report_per_minute": 1,
    }
    return Settings(**values)


@pytest.fixture
def client_of(limited: Settings) -> Iterator[dict[str, TestClient]]:
    """Clients by address on ONE app, plus a second app (another worker) on the same database.

    Windows are fixed minutes: a test starting in a minute's last 15 s waits for the next one, so
    its few requests cannot straddle two windows."""
    into = time.time() % 60
    if into > 45:
        time.sleep(60.5 - into)
    apps = [create_app(limited), create_app(limited)]
    clients = {
        "a": TestClient(apps[0], client=("203.0.113.7", 4000)),
        "b": TestClient(apps[0], client=("198.51.100.2", 4000)),
        "a-on-worker-2": TestClient(apps[1], client=("203.0.113.7", 4001)),
    }
    yield clients
    for app in apps:
        app.state.engine.dispose()


def test_every_capped_or_limited_route_exists(settings: Settings) -> None:
    routes = _routes(create_app(settings))
    assert set(body_caps(settings).entries) <= routes
    assert set(BUCKETS.entries) <= routes


def test_caps_by_route(settings: Settings) -> None:
    caps = body_caps(settings)
    assert caps.lookup("POST", "/api/v1/scan") == SCAN_BODY_BYTES
    assert caps.lookup("POST", "/api/v1/reports") > 10 * settings.max_upload_bytes
    assert caps.lookup("POST", "/api/v1/cases/12/transition") == DEFAULT_BODY_BYTES
    assert caps.lookup("POST", "/api/v1/scan/other") == DEFAULT_BODY_BYTES  # whole-path match


def test_declared_length_past_the_cap_is_refused_before_authentication(
    client: TestClient,
) -> None:
    headers = {"content-type": "application/json", "content-length": str(DEFAULT_BODY_BYTES + 1)}
    answer = client.post("/api/v1/cases/1/transition", content=b"{}", headers=headers)
    assert answer.status_code == 413  # not 401: the caller is never looked at
    assert answer.json()["error"]["code"] == "too_large"
    assert answer.json()["error"]["details"] == {"limit": DEFAULT_BODY_BYTES}


def test_chunked_body_past_the_cap_is_refused(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"to": "closed", "comment": "'
        for _ in range(40):
            yield b"x" * 64 * 1024  # 2.5 MiB in all, no Content-Length
        yield b'"}'

    headers = {"content-type": "application/json", "accept": "application/json"}
    answer = client.post("/api/v1/cases/1/transition", content=chunks(), headers=headers)
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"


def test_a_form_past_the_cap_gets_the_error_page(client: TestClient) -> None:
    body = b"email=a%40b.fr&password=" + b"x" * (DEFAULT_BODY_BYTES + 10)
    answer = client.post(
        "/connexion",
        content=iter([body[:1000], body[1000:]]),
        headers={"content-type": "application/x-www-form-urlencoded", "accept": "text/html"},
    )
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")


def test_scan_character_budget(client: TestClient, settings: Settings) -> None:
    post = {"text": "botox pas cher " * 600}  # 9,000 characters, within the per-post cap
    too_many = (settings.scan_max_chars // 9_000) + 1
    answer = client.post("/api/v1/scan?registry=false", json=[post] * too_many)
    assert answer.status_code == 413
    error = answer.json()["error"]
    assert error["code"] == "too_large"
    assert error["details"] == {"characters": too_many * 9_000, "limit": settings.scan_max_chars}
    account = {"handle": "@x", "bio": "b" * 2_000, "posts": [post] * (too_many - 1)}
    assert client.post("/api/v1/scan/account?registry=false", json=account).status_code == 413
    assert client.post("/api/v1/scan?registry=false", json=[post] * 2).status_code == 200


def test_scan_rate_limit_per_client_shared_by_workers(client_of: dict[str, TestClient]) -> None:
    one = {"text": "injection lèvres"}
    a, b, a_again = client_of["a"], client_of["b"], client_of["a-on-worker-2"]
    assert a.post("/api/v1/scan?registry=false", json=one).status_code == 200
    assert a_again.post("/api/v1/scan?registry=false", json=one).status_code == 200
    refused = a.post("/api/v1/scan?registry=false", json=one)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert b.post("/api/v1/scan?registry=false", json=one).status_code == 200  # another client


def test_verify_and_report_limits_answer_pages_as_pages(client_of: dict[str, TestClient]) -> None:
    a = client_of["a"]
    for _ in range(3):
        assert a.get("/verifier.json?q=Martin").status_code in (200, 503)  # no registry: 503
    page = a.get("/verifier?q=Martin", headers={"accept": "text/html"})
    assert page.status_code == 429
    assert "Trop de" in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert 1 <= int(page.headers["retry-after"]) <= 60
    first = a.post("/api/v1/reports", data={"platform": "instagram", "account": "@x"})
    assert first.status_code != 429
    assert a.post("/api/v1/reports", data={"platform": "instagram"}).status_code == 429


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::9", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("testclient", "testclient"),
    ],
)
def test_client_key(address: str, key: str) -> None:
    assert client_key({"client": (address, 1)}) == key


def test_allow_header_on_405(client: TestClient) -> None:
    answer = client.get("/api/v1/cases/1/transition")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"
    assert answer.json()["error"]["code"] == "method_not_allowed"


def test_hsts_in_production_only(settings: Settings) -> None:
    values = {"environment": Environment.PRODUCTION, "secret_key": uuid.uuid4().hex * 2}
    production = Settings(**settings.model_dump() | values)
    for config, expected in ((production, True), (settings, False)):
        app = create_app(config)
        with TestClient(app) as test_client:
            headers = test_client.get("/healthz").headers
        app.state.engine.dispose()
        assert ("strict-transport-security" in headers) is expected
