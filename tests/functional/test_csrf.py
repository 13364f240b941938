"""CSRF is the default: every unsafe route of the app refuses a request without a valid token,
except the routes listed in ``vigie.web.csrf.EXEMPT``. Routes are found by walking the app, so a
new route is checked without editing this file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount

from report_helpers import (
    app_client,
    bearer,
    csrf_token_of,
    factory_of,
    file_report,
    make_actor,
    sign_in,
)
from vigie.config import Settings
from vigie.web.authn import Require, optional_session_user
from vigie.web.csrf import EXEMPT, SAFE_METHODS, require_csrf

REFUSED = {
    "code": "forbidden",
    "message": (
        "Le formulaire a expiré ou n'a pas été envoyé depuis Vigie : rechargez la page et réessayez."
    ),
    "details": {"field": "csrf_token"},
}


def every_route(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, including those of included routers (FastAPI keeps them nested)."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from every_route(route.original_router.routes)
        else:
            yield route


def unsafe_routes(app: FastAPI) -> list[tuple[str, APIRoute]]:
    found = []
    for route in every_route(app.routes):
        if isinstance(route, APIRoute):
            found += [(method, route) for method in sorted(route.methods - SAFE_METHODS)]
    return found


def test_the_default_guards_every_route_the_app_serves(client: TestClient) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]
    assert any(d.dependency is require_csrf for d in app.router.dependencies)
    for route in every_route(app.routes):
        # A route outside FastAPI's routing (a Starlette Route, a mounted app) skips app-level
        # dependencies: only read-only ones are allowed.
        if isinstance(route, Mount):
            assert isinstance(route.app, StaticFiles), route.path
        elif not isinstance(route, APIRoute):
            methods = set(getattr(route, "methods", None) or {"POST"})
            assert methods <= SAFE_METHODS, f"{route} is outside the CSRF default"


def test_every_unsafe_route_refuses_a_request_without_token(client: TestClient) -> None:
    client.get("/")  # the browser cookie: a forged request from a real browser carries it
    checked = 0
    for method, route in unsafe_routes(client.app):  # type: ignore[arg-type]
        if (method, route.path) in EXEMPT:
            continue
        url = re.sub(r"\{\w+\}", "1", route.path)
        answer = client.request(method, url, data={}, headers={"accept": "application/json"})
        assert answer.status_code == 403, f"{method} {route.path} is not CSRF-protected"
        assert answer.json()["error"] == REFUSED, f"{method} {route.path}"
        checked += 1
    assert checked >= 11


def test_exemptions_are_real_routes_that_read_no_session_cookie(client: TestClient) -> None:
    routes = {(method, route.path): route for method, route in unsafe_routes(client.app)}  # type: ignore[arg-type]
    for key, reason in EXEMPT.items():
        assert key in routes, f"stale exemption {key}"
        assert len(reason) > 40, f"{key} needs a reason"
        route = routes[key]
        assert "session_user" not in route.endpoint.__code__.co_names, key
        stack = [route.dependant]
        while stack:
            dependant = stack.pop()
            call = dependant.call
            assert not (isinstance(call, Require) and not call.api), f"{key} reads the cookie"
            assert call is not optional_session_user, f"{key} reads the cookie"
            stack.extend(dependant.dependencies)


def _case(client: TestClient) -> tuple[dict[str, Any], dict[str, str]]:
    filed = file_report(client).json()
    moderator = make_actor(factory_of(client), "moderator")
    sign_in(client, moderator.email)
    return filed, bearer(moderator)


def _status(client: TestClient, case_id: int, auth: dict[str, str]) -> tuple[str, int]:
    case = client.get(f"/api/v1/cases/{case_id}", headers=auth).json()
    return case["status"], case["version"]


def test_a_form_post_needs_this_browsers_token(client: TestClient, settings: Settings) -> None:
    filed, auth = _case(client)
    url = f"/moderation/cas/{filed['case_id']}/transition"
    form = {"to": "triaged", "version": 1}
    with app_client(settings) as other_browser:
        foreign = csrf_token_of(other_browser)
    for token in (None, "", "forged", foreign, csrf_token_of(client) + "x"):
        data = form if token is None else form | {"csrf_token": token}
        answer = client.post(url, data=data, headers={"accept": "text/html"})
        assert answer.status_code == 403, token
        assert "Le formulaire a expiré" in answer.text
        assert _status(client, filed["case_id"], auth) == ("new", 1)
    answer = client.post(
        url, data=form | {"csrf_token": csrf_token_of(client)}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert _status(client, filed["case_id"], auth) == ("triaged", 2)


def test_a_bearer_header_does_not_excuse_a_cookie_session_page_post(client: TestClient) -> None:
    filed, auth = _case(client)
    url = f"/moderation/cas/{filed['case_id']}/transition"
    answer = client.post(url, data={"to": "triaged", "version": 1}, headers=auth)
    assert answer.status_code == 403
    assert _status(client, filed["case_id"], auth) == ("new", 1)


def test_a_bearer_api_call_needs_no_token(client: TestClient) -> None:
    filed, auth = _case(client)  # this client also holds a session and the CSRF cookie
    answer = client.post(
        f"/api/v1/cases/{filed['case_id']}/transition",
        json={"to": "triaged", "version": 1},
        headers=auth,
    )
    assert answer.status_code == 200, answer.text
    assert _status(client, filed["case_id"], auth) == ("triaged", 2)


def test_a_cookie_session_json_call_needs_the_header(client: TestClient) -> None:
    moderator = make_actor(factory_of(client), "moderator")
    sign_in(client, moderator.email)
    json_call = {"accept": "application/json"}
    text = {"text": "Promo injections acide hyaluronique 120€, RDV en DM"}
    answer = client.post("/analyser", data=text, headers=json_call)
    assert answer.status_code == 403
    assert answer.json() == {"error": REFUSED}
    answer = client.post("/analyser", data=text, headers=json_call | {"x-csrf-token": "forged"})
    assert answer.status_code == 403
    answer = client.post(
        "/analyser", data=text, headers=json_call | {"x-csrf-token": csrf_token_of(client)}
    )
    assert answer.status_code == 200
    assert answer.json()["risk"] in ("high", "medium", "low")
    signed_out = client.post("/deconnexion", json={}, headers=json_call, follow_redirects=False)
    assert signed_out.status_code == 403
    assert client.get("/compte", follow_redirects=False).status_code == 200  # still signed in


def test_the_report_form_reads_its_body_once_with_the_token_in_either_place(
    client: TestClient,
) -> None:
    from report_helpers import png_bytes

    fields = {"platform": "instagram", "account": "@fake.injectrice", "acts": "ha_filler"}
    upload = [("evidence", ("capture.png", png_bytes(), "image/png"))]
    by_field = client.post(
        "/signaler",
        data=fields | {"csrf_token": csrf_token_of(client, "/signaler")},
        files=upload,
        follow_redirects=False,
    )
    by_header = client.post(
        "/signaler",
        data=fields,
        files=upload,
        headers={"x-csrf-token": csrf_token_of(client, "/signaler")},
        follow_redirects=False,
    )
    for answer in (by_field, by_header):
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/suivi/")
    assert client.get("/api/v1/stats").json()["totals"]["reports"] == 2
