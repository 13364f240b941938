"""Before any registry is loaded, the verify pages say so plainly (503), the guides still work."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from vigie.config import Settings
from vigie.web.app import create_app


def test_pages_without_a_registry(settings: Settings, engine: Engine) -> None:
    app = create_app(settings)
    with TestClient(app, headers={"accept": "text/html"}) as client:
        page = client.get("/verifier", params={"q": "Martin"})
        assert page.status_code == 503
        assert "<h1>Un problème est survenu</h1>" in page.text
        twin = client.get("/verifier.json", params={"q": "Martin"})
        assert twin.status_code == 503
        assert twin.json()["error"]["code"] == "no_snapshot"
        assert client.get("/guides/mesotherapie").status_code == 200
    app.state.engine.dispose()
