"""``/api/v1/docs``: the API reference rendered server-side from the OpenAPI schema.

FastAPI's Swagger UI loads its script and styles from a CDN, which the "no external resources"
rule forbids, so the reference is a plain page built from the same ``app.openapi()`` document that
``/api/v1/openapi.json`` serves: it cannot drift from the routes and needs no JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from vigie.web.templating import render

router = APIRouter(include_in_schema=False)
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    required: bool
    description: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    tag: str
    parameters: list[Parameter] = field(default_factory=list)
    body_types: list[str] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        slug = "".join(c if c.isalnum() else "-" for c in self.path).strip("-")
        return f"{self.method}-{slug}"


def _operation(path: str, method: str, spec: dict[str, Any]) -> Operation:
    parameters = [
        Parameter(
            name=p.get("name", ""),
            location=p.get("in", ""),
            required=bool(p.get("required")),
            description=p.get("description") or p.get("schema", {}).get("title", ""),
        )
        for p in spec.get("parameters", [])
    ]
    body = spec.get("requestBody", {}).get("content", {})
    responses = [(code, r.get("description", "")) for code, r in spec.get("responses", {}).items()]
    return Operation(
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=spec.get("description", ""),
        tag=(spec.get("tags") or ["api"])[0],
        parameters=parameters,
        body_types=sorted(body),
        responses=responses,
    )


def operations(schema: dict[str, Any]) -> list[Operation]:
    found = [
        _operation(path, method, spec)
        for path, item in schema.get("paths", {}).items()
        for method, spec in item.items()
        if method in METHODS
    ]
    return sorted(found, key=lambda op: (op.tag, op.path, op.method))


@router.get("/api/v1/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    schema = request.app.openapi()
    context = {"operations": operations(schema), "info": schema.get("info", {})}
    return render(request, "api_docs.html", context)
