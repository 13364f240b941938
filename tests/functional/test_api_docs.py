"""The API reference page is built from the OpenAPI schema and loads nothing from outside."""

from __future__ import annotations

from external_fetch import EXTERNAL_FETCH
from fastapi.testclient import TestClient

from vigie.config import Settings
from vigie.web.app import create_app


def test_reference_lists_every_documented_route_without_external_resources(
    settings: Settings,
) -> None:
    app = create_app(settings)
    with TestClient(app) as client:
        page = client.get("/api/v1/docs")
        schema = client.get("/api/v1/openapi.json").json()
    app.state.engine.dispose()
    assert page.status_code == 200
    for path in schema["paths"]:
        assert f"{path}</code>" in page.text.replace("&#39;", "'")
    assert EXTERNAL_FETCH.search(page.text) is None
    assert "default-src 'self'" in page.headers["content-security-policy"]
