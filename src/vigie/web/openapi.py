"""The OpenAPI document, told the truth about what every operation can answer and who may call it.

FastAPI's generated document knows a route's success answer and its validation error, in FastAPI's
own shape. Vigie answers every error in one shape (``{"error": {"code", "message", "details"}}``,
``vigie.web.errors``), guards some routes with a bearer token, caps every body and rate-limits the
costly public routes. ``install`` rewrites the document once, when it is first asked for:

- a ``bearer`` security scheme, and each operation's ``security`` read from its route's
  ``Require`` dependency (``vigie.web.authn``) or its optional bearer (a report may be linked);
  operations are found by their path template (``{case_id}``), never by the path a route
  matches with (``{case_id:int}``);
- bounds that are settings, not constants (``SETTING_BOUNDS``: the search's ``limit`` is at most
  ``VIGIE_SEARCH_LIMIT_MAX``), read from the app's settings, so the document describes the
  server that serves it;
- the statuses every operation can answer beyond its own: 422 in Vigie's shape (not FastAPI's),
  401/403 where a token is needed, 404 where a path names something, 409 where a change may race,
  413 where a body is read (``vigie.web.limits``), 415 where files are uploaded, 429 on rate-limited routes
  (``vigie.web.ratelimit``) and 503 everywhere (no registry loaded, database unreachable), each
  with the error shape and, for 429/503, ``Retry-After``; a route's own description of one of
  them (what its 404 or 409 means there) is kept.

Schemathesis (``scripts/fuzz.sh``) holds the document to it: an answer outside it fails the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from vigie.web.authn import Require
from vigie.web.ratelimit import BUCKETS

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object"},
            },
        }
    },
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}
DESCRIPTIONS = {
    "401": "No valid bearer token.",
    "403": "The token's user lacks the permission.",
    "404": "Nothing with this identifier.",
    "409": "A concurrent change won, or the state does not allow it.",
    "413": "Request body (or the scan's characters) over its cap.",
    "415": "An uploaded file of a refused type (content decides, not the name).",
    "422": "Invalid input: `details` names the field.",
    "429": "Too many requests from this client: wait `Retry-After` seconds.",
    "503": "No registry loaded yet, or the database is unreachable: retry later.",
}
OPTIONAL_BEARER = {("POST", "/api/v1/reports")}
# (method, path, query parameter) -> the setting that is its maximum.
SETTING_BOUNDS = {("get", "/api/v1/practitioners", "limit"): "search_limit_max"}
BEARER_DESCRIPTION = "A token from `vigie users token EMAIL` (shown once; revocable)."


def _routes(routes: list[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        if hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)
        elif isinstance(route, APIRoute):
            yield route


def _needs_token(route: APIRoute) -> bool:
    return any(
        isinstance(dep.call, Require) and dep.call.api for dep in route.dependant.dependencies
    )


def _statuses(method: str, route: APIRoute, guarded: bool) -> list[str]:
    statuses = ["422", "503"]
    if guarded:
        statuses += ["401", "403"]
    if "{" in route.path_format or guarded:
        statuses.append("404")
    if method in ("POST", "PUT", "PATCH", "DELETE"):
        statuses += ["409", "413"]
    if BUCKETS.lookup(method, route.path_format) is not None:
        statuses.append("429")
    return statuses


def _error_response(status: str) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "description": DESCRIPTIONS[status],
        "content": {"application/json": {"schema": ERROR_REF}},
    }
    if status in ("429", "503"):
        answer["headers"] = RETRY_AFTER
    return answer


def _settings_bounds(app: FastAPI, document: dict[str, Any]) -> None:
    settings = getattr(app.state, "settings", None)
    if settings is None:
        return
    for (method, path, name), setting in SETTING_BOUNDS.items():
        operation = document.get("paths", {}).get(path, {}).get(method, {})
        for parameter in operation.get("parameters", []):
            if parameter.get("name") == name:
                schema = parameter.setdefault("schema", {})
                schema["maximum"] = min(schema.get("maximum", 2**63), getattr(settings, setting))


def truthful_openapi(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = document.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)
    components["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "description": BEARER_DESCRIPTION}
    }
    _settings_bounds(app, document)
    for route in _routes(app.router.routes):
        if not route.include_in_schema:
            continue
        guarded = _needs_token(route)
        for method in route.methods or ():
            operation = document.get("paths", {}).get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            if guarded:
                operation["security"] = [{"bearer": []}]
            elif (method, route.path_format) in OPTIONAL_BEARER:
                operation["security"] = [{}, {"bearer": []}]
            responses = operation.setdefault("responses", {})
            statuses = _statuses(method, route, guarded)
            if "multipart/form-data" in operation.get("requestBody", {}).get("content", {}):
                statuses.append("415")
            for status in statuses:
                answer = _error_response(status)
                own = responses.get(status, {}).get("description")
                responses[status] = answer | ({"description": own} if own else {})
    return document


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = truthful_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
