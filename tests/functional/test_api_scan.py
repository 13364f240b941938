"""``POST /api/v1/scan`` and ``/api/v1/scan/account`` on both databases: results, registry
cross-checks over the demo registry, and every error path (one JSON error shape, never a 500)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from demo_registry import BELLAMY_RPPS, NURSE_RPPS, SOURCE_DATE, seed_demo_registry
from vigie.config import Settings
from vigie.dates import long_date
from vigie.db.engine import transaction
from vigie.registry.search.current import forget_cached
from vigie.web.app import create_app

AD = "Promo lèvres 💉 1ml 150€, dispo en MP, acompte Lydia"


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    forget_cached(settings)
    app = create_app(settings)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    app.state.engine.dispose()


@pytest.fixture
def with_registry(settings: Settings, session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        seed_demo_registry(session, settings.index_dir)
    forget_cached(settings)


def _error(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body["error"]) == {"code", "message", "details"}
    return body["error"]  # type: ignore[no-any-return]


def test_scan_one_post(client: TestClient) -> None:
    response = client.post("/api/v1/scan", json={"text": AD, "id": "p1", "platform": "instagram"})
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["label"], body["risk"]) == ("p1", "fake_injector", "high")
    assert all(AD[r["start"] : r["end"]] == r["excerpt"] for r in body["reasons"])


def test_scan_a_list_keeps_order(client: TestClient) -> None:
    posts = [{"text": AD, "id": "a"}, {"text": "Brunch à Lyon ce dimanche", "id": "b"}]
    body = client.post("/api/v1/scan", json=posts).json()
    assert [(r["id"], r["label"]) for r in body] == [("a", "fake_injector"), ("b", "unrelated")]


def test_scan_account(client: TestClient) -> None:
    account = {
        "handle": "@lips",
        "platform": "snapchat",
        "bio": "Injectrice 💉 rdv snap",
        "posts": [{"text": AD, "id": "x"}],
    }
    body = client.post("/api/v1/scan/account", json=account).json()
    assert body["label"] == "fake_injector"
    assert body["combination"]["max_post_id"] == "x"
    assert len(body["posts"]) == 1


@pytest.mark.usefixtures("with_registry")
def test_claimed_number_of_someone_else_is_flagged(client: TestClient) -> None:
    text = f"Dr Sarah Benali, médecin esthétique, RPPS {BELLAMY_RPPS}. Lèvres 150€ en mp"
    body = client.post("/api/v1/scan", json={"text": text}).json()
    rpps = next(c for c in body["checks"] if c["kind"] == "rpps")
    assert rpps["status"] == "belongs_to_someone_else"
    assert long_date(SOURCE_DATE) in rpps["explanation"]  # "2 novembre 2026"
    name = next(c for c in body["checks"] if c["kind"] == "physician_name")
    assert name["status"] == "not_found"
    assert body["risk"] == "high"


@pytest.mark.usefixtures("with_registry")
def test_real_physician_match_is_shown_but_does_not_clear(client: TestClient) -> None:
    text = f"Dr Élodie Bellamy-Roche RPPS {BELLAMY_RPPS} : lèvres 150€, rdv en mp, acompte Lydia"
    body = client.post("/api/v1/scan", json={"text": text}).json()
    assert next(c for c in body["checks"] if c["kind"] == "rpps")["status"] == "match"
    assert body["label"] == "fake_injector"


@pytest.mark.usefixtures("with_registry")
def test_nurse_number_is_not_a_physician(client: TestClient) -> None:
    body = client.post(
        "/api/v1/scan", json={"text": f"RPPS {NURSE_RPPS}, injections lèvres"}
    ).json()
    assert next(c for c in body["checks"] if c["kind"] == "rpps")["status"] == "not_a_physician"


def test_registry_can_be_skipped(client: TestClient) -> None:
    body = client.post("/api/v1/scan?registry=false", json={"text": "RPPS 10000000001"}).json()
    assert next(c for c in body["checks"] if c["kind"] == "rpps")["status"] == "invalid"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"text": 12},
        {"text": "x" * 10_001},
        {"text": "ok", "platform": "myspace"},
        {"text": "ok", "posted_at": "yesterday"},
        [],
        [{"text": "ok"}] * 1_001,
        "just a string",
        [{"text": "ok"}, {"id": "no text"}],
    ],
)
def test_bad_posts_are_422(client: TestClient, payload: object) -> None:
    assert _error(client.post("/api/v1/scan", json=payload), 422)["code"] == "invalid_input"


@pytest.mark.parametrize(
    "payload",
    [
        {"posts": []},
        {"handle": "", "posts": []},
        {"handle": "x", "posts": [{"text": "ok"}] * 1_001},
        {"handle": "x", "bio": "b" * 2_001},
    ],
)
def test_bad_accounts_are_422(client: TestClient, payload: object) -> None:
    _error(client.post("/api/v1/scan/account", json=payload), 422)


def test_invalid_json_is_422(client: TestClient) -> None:
    _error(
        client.post("/api/v1/scan", content=b"{bad", headers={"content-type": "application/json"}),
        422,
    )


def test_oversized_body_is_refused(client: TestClient) -> None:
    headers = {"content-type": "application/json", "content-length": str(17 * 1024 * 1024)}
    response = client.post("/api/v1/scan", content=b'{"text": "ok"}', headers=headers)
    assert _error(response, 413)["code"] == "too_large"  # refused on the header, before reading


def test_wrong_method_is_405(client: TestClient) -> None:
    response = client.get("/api/v1/scan")
    _error(response, 405)
    assert response.headers["allow"] == "POST"
