"""Every JSON API route says what it answers, so the OpenAPI document describes a case, a dossier
and every other answer (and a client generated from it gets types, not ``object``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from vigie.config import Settings
from vigie.web.app import create_app


def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every APIRoute under /api/, including those of included routers (FastAPI nests them)."""
    for route in routes:
        if isinstance(route, APIRoute):
            if route.path.startswith("/api/"):
                yield route
        elif hasattr(route, "original_router"):
            yield from api_routes(route.original_router.routes)


def declares_answer(route: APIRoute) -> bool:
    """A response model, a documented content type (files), an HTML page (the API docs), or
    204 No Content."""
    declared = route.responses.get(route.status_code or 200) or {}
    html = getattr(route.response_class, "media_type", None) == "text/html"
    no_content = route.status_code == 204
    return route.response_model is not None or "content" in declared or html or no_content


def _app(settings: Settings) -> FastAPI:
    app = create_app(settings)
    app.state.engine.dispose()
    return app


def test_every_api_route_declares_its_answer(settings: Settings) -> None:
    routes = list(api_routes(_app(settings).routes))
    assert len(routes) >= 20
    missing = [f"{sorted(r.methods)} {r.path}" for r in routes if not declares_answer(r)]
    assert missing == []


def test_openapi_names_a_case_and_a_dossier(settings: Settings) -> None:
    schema = _app(settings).openapi()
    components = schema["components"]["schemas"]
    assert {"CaseDetail", "CaseQueue", "Dossier", "DsaNotice", "Stats"} <= set(components)
    case = schema["paths"]["/api/v1/cases/{case_id}"]["get"]["responses"]["200"]
    assert case["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CaseDetail"
    }
    dossier = schema["paths"]["/api/v1/cases/{case_id}/dossier"]["get"]["responses"]["200"]
    assert dossier["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Dossier"
    }
    assert "application/pdf" in dossier["content"]
    event = components["CaseEventView"]["properties"]
    assert {"from", "to"} <= set(event)  # the JSON keys, not the Python attribute names
