"""One JSON error shape for the whole API: ``{"error": {"code", "message", "details"}}``.

Known failures (``VigieError``), validation errors and HTTP errors all render the same way, and any
unexpected exception becomes a 500 with the same shape and no traceback. Pages under ``/`` get the
same information; the pages module may render them as HTML.
"""

from __future__ import annotations

from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from vigie.errors import VigieError


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def _json(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
    return JSONResponse(status_code=status, content=error_body(code, message, details))


async def _vigie_error(_request: Request, exc: Exception) -> JSONResponse:
    error = cast(VigieError, exc)
    return _json(error.status_code, error.code, error.message, error.details)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    fields = [
        {"field": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", "")}
        for err in cast(RequestValidationError, exc).errors()
    ]
    return _json(422, "invalid_input", "Some fields are invalid.", {"fields": fields})


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    error = cast(StarletteHTTPException, exc)
    code = {404: "not_found", 405: "method_not_allowed", 401: "authentication_required"}.get(
        error.status_code, "http_error"
    )
    return _json(error.status_code, code, str(error.detail), None)


async def _unexpected(_request: Request, _exc: Exception) -> JSONResponse:
    return _json(500, "internal_error", "An unexpected error occurred.", None)


def install(app: FastAPI) -> None:
    app.add_exception_handler(VigieError, _vigie_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
