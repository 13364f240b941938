"""One JSON error shape for the whole API: ``{"error": {"code", "message", "details"}}``.

Known failures (``VigieError``), validation errors and HTTP errors all render the same way, and any
unexpected exception becomes a 500 with the same shape and no traceback. Pages under ``/`` get the
same information; the pages module may render them as HTML.

A database that cannot be reached or cannot write (PostgreSQL down, a full disk, a lock held too
long) is an outage, not a bug: it answers 503 with ``Retry-After`` through the ``VigieError`` path,
so the connection stays usable (a 500 from Starlette's last-resort handler closes it) and browsers
get the friendly page. A 405 names in ``Allow`` every method the path serves; a body FastAPI
cannot read (not JSON, not UTF-8) is a 422 like any other junk input, not a bare 400.
"""

from __future__ import annotations

from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from vigie.errors import ServiceUnavailable, VigieError

RETRY_AFTER_SECONDS = 5
HTTP_CODES = {
    400: "bad_request",
    401: "authentication_required",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
}


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def _json(
    status: int, code: str, message: str, details: Any = None, headers: Any = None
) -> JSONResponse:
    return JSONResponse(
        status_code=status, content=error_body(code, message, details), headers=headers
    )


async def _vigie_error(_request: Request, exc: Exception) -> JSONResponse:
    error = cast(VigieError, exc)
    headers = None
    retry = error.details.get("retry_after_seconds")
    if isinstance(retry, int) and error.status_code in (429, 503):
        headers = {"Retry-After": str(retry)}
    return _json(error.status_code, error.code, error.message, error.details, headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    fields = [
        {"field": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")}
        for err in cast(RequestValidationError, exc).errors()
    ]
    return _json(422, "invalid_input", "Some fields are invalid.", {"fields": fields})


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    error = cast(StarletteHTTPException, exc)
    if error.status_code == 400:  # FastAPI could not read the body: junk input like any other
        message = "The request body is not valid JSON in UTF-8."
        return _json(422, "invalid_input", message, {"fields": [{"field": "body"}]})
    code = HTTP_CODES.get(error.status_code, "http_error")
    limit = getattr(error, "limit", None)
    details = {"limit": limit} if isinstance(limit, int) else None
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return _json(error.status_code, code, str(error.detail), details, headers or None)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path (FastAPI names only the first route's)."""
    found: set[str] = set()

    def walk(routes: list[Any]) -> None:
        for route in routes:
            if hasattr(route, "original_router"):
                walk(route.original_router.routes)
            elif isinstance(route, APIRoute) and route.path_regex.match(request.url.path):
                found.update(route.methods or ())

    walk(request.app.router.routes)
    return sorted(found)


async def _database_unavailable(request: Request, _exc: Exception) -> Response:
    """An outage of the database → the ``VigieError`` handler (JSON or page) with a 503."""
    outage = ServiceUnavailable(
        "Le service est momentanément indisponible : réessayez dans quelques instants.",
        details={"retry_after_seconds": RETRY_AFTER_SECONDS},
    )
    handler = request.app.exception_handlers[VigieError]
    response = cast(Response, await handler(request, outage))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def _database_error(request: Request, exc: Exception) -> Response:
    """Any other driver error: an outage when the connection was lost, else a bug (500)."""
    if cast(DBAPIError, exc).connection_invalidated:
        return await _database_unavailable(request, exc)
    return await request.app.exception_handlers[Exception](request, exc)  # type: ignore[no-any-return]


async def _unexpected(_request: Request, _exc: Exception) -> JSONResponse:
    return _json(500, "internal_error", "An unexpected error occurred.", None)


def install(app: FastAPI) -> None:
    app.add_exception_handler(VigieError, _vigie_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(InterfaceError, _database_unavailable)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected)
