"""One service call, two renderings: HTML for people, JSON for programs.

A page answers JSON when its ``.json`` twin is asked for or when the client prefers
``application/json`` over ``text/html`` in ``Accept``. The JSON is the service result's own
``model_dump(mode="json")``, so the page and its twin cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from vigie.web.templating import render


def prefers_json(request: Request) -> bool:
    accept = request.headers.get("accept", "").lower()
    return "application/json" in accept and "text/html" not in accept


def json_of(payload: BaseModel | dict[str, Any] | list[Any]) -> JSONResponse:
    if isinstance(payload, BaseModel):
        return JSONResponse(payload.model_dump(mode="json"))
    return JSONResponse(payload)


def respond(
    request: Request,
    template: str,
    context: dict[str, Any],
    payload: BaseModel | dict[str, Any] | list[Any],
    *,
    as_json: bool = False,
    status_code: int = 200,
) -> Response:
    """Render ``template`` with ``context``, or ``payload`` as JSON when JSON is wanted."""
    if as_json or prefers_json(request):
        response = json_of(payload)
        response.status_code = status_code
        return response
    return render(request, template, context, status_code=status_code)
