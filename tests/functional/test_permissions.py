"""The generic permission matrix: every route that declares a permission, called as anonymous, as
reporter, as physician and as moderator. Routes are found by walking the app, so a new protected
route is checked without editing this file, and a moderator route that forgets ``require`` fails."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from report_helpers import PASSWORD, app_client, factory_of, file_report, make_actor
from vigie.accounts.permissions import Permission, Role, has_permission
from vigie.config import Settings
from vigie.web.authn import Require

ROLES = [None, Role.REPORTER, Role.PHYSICIAN, Role.MODERATOR, Role.ADMIN]
MODERATOR_PREFIXES = ("/moderation", "/api/v1/cases", "/api/v1/evidence", "/api/v1/users")
BODIES: dict[str, Any] = {
    "transition": {"to": "triaged"},
    "merge": {"other_case_id": 999_999},
    "identity": {"rpps": "10000000000", "accept": True},
    "handles": {"platform": "instagram", "account": "@linked.handle"},
    "role": {"role": "reporter", "active": True},
}


def _requirement(route: APIRoute) -> Require | None:
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        if isinstance(dependant.call, Require):
            return dependant.call
        stack.extend(dependant.dependencies)
    return None


def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every APIRoute, including those of included routers (FastAPI keeps them nested)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from api_routes(route.original_router.routes)


def protected_routes(client: TestClient) -> list[tuple[str, str, Require]]:
    found = []
    for route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        if (need := _requirement(route)) is not None:
            for method in sorted(route.methods):
                found.append((method, route.path, need))
    return found


def _url(path: str, ids: dict[str, int]) -> str:
    url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
    return url + ("?to=ordre&format=json" if url.endswith("/dossier") else "")


def _body(path: str) -> Any:
    return next((body for key, body in BODIES.items() if path.endswith(key)), {})


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with app_client(settings) as test_client:
        yield test_client


def _page_login(client: TestClient, email: str) -> None:
    client.get("/connexion")
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/connexion").text)
    assert token is not None
    answer = client.post(
        "/connexion",
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert answer.status_code == 303


def test_every_moderator_route_declares_a_permission(client: TestClient) -> None:
    protected = {path for _, path, _ in protected_routes(client)}
    for route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        if route.path.startswith(MODERATOR_PREFIXES):
            assert route.path in protected, f"{route.path} has no permission check"


def test_permission_matrix(settings: Settings, engine: Engine) -> None:
    with app_client(settings) as probe:
        filed = file_report(probe, files=[("a.png", _png(), "image/png")]).json()
        factory = factory_of(probe)
        actors = {role: make_actor(factory, role.value) for role in ROLES if role is not None}
        routes = protected_routes(probe)
    assert len(routes) >= 12
    ids = {
        "case_id": filed["case_id"],
        "report_id": filed["report_id"],
        "evidence_id": 1,
        "user_id": 1,
    }
    for role in ROLES:
        with app_client(settings) as client:
            if role is not None:
                _page_login(client, actors[role].email)
            for method, path, need in routes:
                headers = (
                    {"authorization": f"Bearer {actors[role].token}"} if role and need.api else {}
                )
                kwargs: dict[str, Any] = {"headers": headers, "follow_redirects": False}
                if method == "POST":
                    if need.api:
                        kwargs["json"] = _body(path)
                    else:
                        kwargs["data"] = {"to": "triaged", "version": 1, "csrf_token": "x"}
                answer = client.request(method, _url(path, ids), **kwargs)
                _check(answer.status_code, role, need, f"{method} {path} as {role}")


def _check(status: int, role: Role | None, need: Require, where: str) -> None:
    if role is None:
        assert status == (401 if need.api else 303), where
    elif not has_permission(role.value, need.permission):
        assert status == 403, where
    else:
        assert status not in (401, 403) or (status == 403 and not need.api), where
        assert status < 500, where


def _png() -> bytes:
    from report_helpers import png_bytes

    return png_bytes()


def test_permissions_are_named_scope_resource_action() -> None:
    for permission in Permission:
        assert re.fullmatch(r"[a-z]+:[a-z]+:[a-z]+", permission.value), permission
