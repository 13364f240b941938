"""The registry JSON API over HTTP, on SQLite and PostgreSQL: answers, and every error path.

Each junk input must get a 4xx in the one error shape ``{"error": {"code", "message", "details"}}``,
never a 500.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from registry.factories import Person, Registry, World, random_people, rpps, shared_registry
from vigie.config import Settings
from vigie.registry.search.current import forget_cached
from vigie.web.app import create_app

PEOPLE = [
    Person("BELLAMY-ROCHE", "Élodie", savoir_faire=("SM15",)),
    Person("N'GUESSAN", "Jean-Baptiste", profession_code="60"),
    *random_people(40, seed=5),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    yield from shared_registry(request, tmp_path_factory, PEOPLE)


def _client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    yield from _client(world[0])


@pytest.fixture
def registry(world: World) -> Registry:
    return world[2]


@pytest.fixture
def empty_client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    forget_cached(settings)  # ``engine`` migrated an empty database
    yield from _client(settings)


def _assert_error(response: object, status: int, code: str | None = None) -> dict[str, object]:
    assert response.status_code == status, (response.status_code, response.text)  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    if code:
        assert body["error"]["code"] == code
    return dict(body["error"])


def test_search_and_lookup(client: TestClient, registry: Registry) -> None:
    found = client.get("/api/v1/practitioners", params={"q": "Dr Elodie Belamy", "limit": 3})
    assert found.status_code == 200
    body = found.json()
    assert body["candidates"][0]["last_name"] == "BELLAMY-ROCHE"
    assert body["candidates"][0]["verdicts"]["botulinum_toxin"]["rule"] == "TOXIN-AESTHETIC"
    assert body["source_date"] == "2026-11-02"
    assert body["parsed"]["title"] == "Dr"
    one = client.get(f"/api/v1/practitioners/8{registry.identifiers[1]}")
    assert one.status_code == 200
    assert one.json()["last_name"] == "N'GUESSAN"
    assert one.json()["verdicts"]["ha_filler"]["status"] == "not_authorised"


def test_status(client: TestClient, registry: Registry) -> None:
    status = client.get("/api/v1/registry/status").json()
    assert status["loaded"] is True
    assert status["snapshot_id"] == registry.snapshot_id
    assert status["source_date"] == "2026-11-02"


def test_without_registry(empty_client: TestClient) -> None:
    assert empty_client.get("/api/v1/registry/status").json()["loaded"] is False
    _assert_error(
        empty_client.get("/api/v1/practitioners", params={"q": "Martin"}), 503, "no_snapshot"
    )
    _assert_error(empty_client.get("/api/v1/practitioners/10000000017"), 503, "no_snapshot")


JUNK_SEARCHES = [
    "/api/v1/practitioners",  # q missing
    "/api/v1/practitioners?q=",
    "/api/v1/practitioners?q=" + "a" * 201,
    "/api/v1/practitioners?q=Martin%00",
    "/api/v1/practitioners?q=Martin%07x",
    "/api/v1/practitioners?q=Martin%FF",
    "/api/v1/practitioners?q=%C3%28",
    "/api/v1/practitioners?q=Martin&limit=0",
    "/api/v1/practitioners?q=Martin&limit=51",
    "/api/v1/practitioners?q=Martin&limit=100000000000000000000",
    "/api/v1/practitioners?q=Martin&limit=abc",
    "/api/v1/practitioners?q=Martin&postcode=6900A",
    "/api/v1/practitioners?q=Martin&department=999",
    "/api/v1/practitioners?q=Martin&profession=astronaute",
    "/api/v1/practitioners?q=Martin&city=" + "b" * 101,
    "/api/v1/practitioners?q=Martin&city=Lyon%0A",
]


def test_junk_searches_get_a_4xx_in_one_shape(client: TestClient, registry: Registry) -> None:
    for url in JUNK_SEARCHES:
        error = _assert_error(client.get(url), 422)
        assert error["code"] == "invalid_input", url


def test_junk_identifiers(client: TestClient, registry: Registry) -> None:
    bad_luhn = registry.identifiers[0][:-1] + str((int(registry.identifiers[0][-1]) + 1) % 10)
    # The right length but a wrong check digit names nobody: 404, the message says why.
    error = _assert_error(client.get(f"/api/v1/practitioners/{bad_luhn}"), 404, "not_found")
    assert "ne peut pas être un numéro RPPS valide" in str(error["message"])
    for junk in ("123", "abc", "%FF", "1" * 41, "10000000017%00"):
        _assert_error(client.get(f"/api/v1/practitioners/{junk}"), 422)
    missing = _assert_error(client.get(f"/api/v1/practitioners/{rpps(99_999)}"), 404, "not_found")
    assert "registre public RPPS" in str(missing["message"])


def test_openapi_documents_the_registry_routes(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/practitioners",
        "/api/v1/practitioners/{identifier}",
        "/api/v1/registry/status",
    } <= set(paths)
    search = paths["/api/v1/practitioners"]["get"]
    assert {p["name"] for p in search["parameters"]} >= {
        "q",
        "city",
        "postcode",
        "department",
        "profession",
        "limit",
    }
    assert "VerifyResult" in str(search["responses"]["200"])
