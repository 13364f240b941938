"""The generic permission matrix: every route that declares a permission, called as anonymous, as
reporter, as physician, as moderator and as admin, each call's status asserted exactly (netbox's
view test cases). Routes are found by walking the app, so a new protected route is checked without
editing this file (and fails until its expected status is written in ``PERMITTED``), and a
moderator route that forgets ``require`` fails.

Page POSTs carry the client's real CSRF token, read from a page as a browser would, so a refusal
can only come from the permission check: a permitted role that gets a 401, a 403 or a redirect to
the sign-in page fails the matrix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from report_helpers import (
    app_client,
    csrf_token_of,
    factory_of,
    file_report,
    make_actor,
    png_bytes,
    sign_in,
)
from vigie.accounts.permissions import Permission, Role, has_permission
from vigie.config import Settings
from vigie.reports.models import Evidence
from vigie.web.authn import Require

ROLES = [None, Role.REPORTER, Role.PHYSICIAN, Role.MODERATOR, Role.ADMIN]
MODERATOR_PREFIXES = ("/moderation", "/api/v1/cases", "/api/v1/evidence", "/api/v1/users")
MISSING_CASE = 999_999

# What each route answers a permitted caller, given the body below; every role gets fresh cases
# (one for the API, one for the pages), so no answer depends on another role's calls.
PERMITTED: dict[tuple[str, str], int] = {
    ("GET", "/api/v1/cases"): 200,
    ("GET", "/api/v1/cases/{case_id}"): 200,
    ("POST", "/api/v1/cases/{case_id}/transition"): 200,
    ("POST", "/api/v1/cases/{case_id}/merge"): 404,  # the other case does not exist
    ("POST", "/api/v1/cases/{case_id}/assign"): 200,  # released (it was nobody's)
    ("POST", "/api/v1/cases/bulk"): 422,  # an empty selection
    ("POST", "/api/v1/reporters/{reporter_id}/invalidate"): 200,  # user 1 filed nothing
    ("POST", "/api/v1/reports/{report_id}/split"): 409,  # a single-account case: nothing to split
    ("GET", "/api/v1/cases/{case_id}/dossier"): 200,
    ("GET", "/api/v1/evidence/{evidence_id}"): 200,
    ("POST", "/api/v1/me/identity"): 404,  # the RPPS number fails its check digit: names nobody
    ("POST", "/api/v1/users/{user_id}/identity"): 409,  # user 1 has no pending claim (a state)
    ("POST", "/api/v1/me/handles"): 201,
    ("GET", "/api/v1/me/handles"): 200,
    ("DELETE", "/api/v1/me/handles/{claim_id}"): 404,  # not one of the caller's claims
    ("GET", "/api/v1/handles"): 200,
    ("POST", "/api/v1/handles/{claim_id}/decision"): 404,  # no such claim
    ("GET", "/api/v1/users"): 200,
    ("POST", "/api/v1/users/{user_id}/role"): 200,
    ("GET", "/compte"): 200,
    ("POST", "/compte/mot-de-passe"): 422,  # the page again: the current password is missing
    ("POST", "/compte/rpps"): 422,  # the form shown again with the check-digit error
    ("POST", "/compte/comptes"): 303,
    ("POST", "/compte/comptes/{claim_id}/capture"): 422,  # the page again: no screenshot sent
    ("POST", "/compte/comptes/{claim_id}/retirer"): 404,  # the page again: not the caller's
    ("GET", "/compte/badge/affiche.pdf"): 403,  # no confirmed RPPS: the French refusal page
    ("GET", "/compte/badge/badge.svg"): 403,  # no confirmed RPPS: the French refusal page
    ("GET", "/moderation/comptes"): 200,
    ("GET", "/moderation/comptes/{claim_id}/capture"): 404,
    ("POST", "/moderation/comptes/{claim_id}"): 404,  # the list again: no such claim
    ("GET", "/moderation/identites"): 200,
    ("POST", "/moderation/identites/{user_id}"): 409,  # user 1 has no pending claim (a state)
    ("GET", "/moderation"): 200,
    ("GET", "/moderation/cas/{case_id}"): 200,
    ("POST", "/moderation/cas/{case_id}/transition"): 303,
    ("POST", "/moderation/cas/{case_id}/attribution"): 303,
    ("POST", "/moderation/lot"): 422,  # the queue again: nothing checked
    ("POST", "/moderation/signalants/{reporter_id}/invalider"): 303,
    ("POST", "/moderation/cas/{case_id}/fusion"): 404,  # the case page with "no such case"
    ("POST", "/moderation/signalements/{report_id}/separer"): 422,  # nothing to split
    ("GET", "/moderation/cas/{case_id}/dossier"): 200,
    ("GET", "/moderation/preuves/{evidence_id}"): 200,
    ("GET", "/moderation/courriels"): 200,
    ("POST", "/moderation/courriels"): 303,
    ("GET", "/moderation/courriels/echecs"): 200,
    ("POST", "/moderation/courriels/echecs/{message_id}/relancer"): 404,  # no such e-mail
}
API_BODIES: dict[str, Any] = {
    "transition": {"to": "triaged", "version": 1},
    "merge": {"other_case_id": MISSING_CASE},
    "assign": {"to": None},
    "bulk": {"action": "assign", "cases": []},
    "invalidate": {"reason": "Signalements en masse."},
    "identity": {"rpps": "10000000000", "accept": True},
    "handles": {"platform": "instagram", "account": "@api.{role}"},
    "decision": {"accept": True},
    "role": {"role": "reporter", "active": True},
}
PAGE_FORMS: dict[str, dict[str, Any]] = {
    "transition": {"to": "triaged", "version": 1},
    "fusion": {"other_case_id": MISSING_CASE},
    "attribution": {"to": "me", "version": 2},  # after the transition route moved it to 2
    "lot": {"action": "assign_me"},
    "invalider": {"reason": "Signalements en masse.", "case_id": 1},
    "rpps": {"rpps": "10000000000"},
    "comptes": {"platform": "instagram", "account": "@page.{role}"},
    "{user_id}": {"decision": "accept"},
    "{claim_id}": {"decision": "accept"},
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
                found.append((method, route.path_format, need))
    return found


def _url(path: str, ids: dict[str, int]) -> str:
    url = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
    return url + ("?to=ordre&format=json" if url.endswith("/dossier") else "")


def _body(bodies: dict[str, Any], path: str, role: Role | None) -> dict[str, Any]:
    body = next((body for key, body in bodies.items() if path.endswith(key)), {})
    name = role.value if role else "anonymous"
    return {k: v.format(role=name) if isinstance(v, str) else v for k, v in body.items()}


def test_every_moderator_route_declares_a_permission(client: TestClient) -> None:
    protected = {path for _, path, _ in protected_routes(client)}
    for route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        if route.path_format.startswith(MODERATOR_PREFIXES):
            assert route.path_format in protected, f"{route.path_format} has no permission check"


def test_every_protected_route_has_its_expected_status(client: TestClient) -> None:
    assert {(method, path) for method, path, _ in protected_routes(client)} == set(PERMITTED)


def _fresh_ids(client: TestClient, role: Role | None) -> dict[str, dict[str, int]]:
    """Two new cases for this role (one for the API routes, one for the pages), with evidence."""
    ids = {}
    for edge in ("api", "page"):
        name = role.value if role else "anonymous"
        filed = file_report(
            client, f"@case.{edge}.{name}", files=[("a.png", png_bytes(), "image/png")]
        ).json()
        with factory_of(client)() as session:
            evidence_id = session.scalar(select(func.max(Evidence.id)))
        assert evidence_id is not None
        ids[edge] = {
            "case_id": filed["case_id"],
            "report_id": filed["report_id"],
            "evidence_id": evidence_id,
            "user_id": 1,
            "claim_id": MISSING_CASE,
            "reporter_id": 1,
            "message_id": MISSING_CASE,
        }
    return ids


def test_permission_matrix(settings: Settings, engine: Engine) -> None:
    with app_client(settings) as probe:
        factory = factory_of(probe)
        actors = {role: make_actor(factory, role.value) for role in ROLES if role is not None}
        routes = protected_routes(probe)
    assert len(routes) >= 24
    for role in ROLES:
        with app_client(settings) as client:
            ids = _fresh_ids(client, role)
            if role is not None:
                sign_in(client, actors[role].email)
            token = csrf_token_of(client)
            for method, path, need in routes:
                headers = {"authorization": f"Bearer {actors[role].token}"} if role else {}
                kwargs: dict[str, Any] = {"follow_redirects": False}
                if need.api:
                    kwargs["headers"] = headers
                    if method == "POST":
                        kwargs["json"] = _body(API_BODIES, path, role)
                elif method == "POST":
                    kwargs["data"] = _body(PAGE_FORMS, path, role) | {"csrf_token": token}
                url = _url(path, ids["api" if need.api else "page"])
                answer = client.request(method, url, **kwargs)
                _check(answer, role, need, (method, path))


def _check(answer: Any, role: Role | None, need: Require, route: tuple[str, str]) -> None:
    where = f"{route[0]} {route[1]} as {role}: {answer.text[:300]}"
    if role is None and need.api:
        assert answer.status_code == 401, where
        assert answer.json()["error"]["code"] == "authentication_required", where
    elif role is None:
        assert answer.status_code == 303, where
        assert answer.headers["location"].startswith("/connexion?next=%2F"), where
    elif not has_permission(role.value, need.permission):
        assert answer.status_code == 403, where
        assert f"This needs the permission {need.permission.value}." in answer.text, where
    else:
        assert answer.status_code == PERMITTED[route], where


def test_permissions_are_named_scope_resource_action() -> None:
    for permission in Permission:
        assert re.fullmatch(r"[a-z]+:[a-z]+:[a-z]+", permission.value), permission
