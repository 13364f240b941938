"""One JSON error shape everywhere, pinned here."""

from __future__ import annotations

from fastapi.testclient import TestClient

from vigie.config import Settings
from vigie.web.app import create_app


def test_unknown_route_uses_the_error_shape(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app) as client:
        response = client.get("/api/v1/no-such-thing")
    app.state.engine.dispose()
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == "not_found"
