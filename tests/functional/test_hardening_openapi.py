"""The OpenAPI tells the truth: a bearer security scheme on the routes that need one, every status
an operation can answer with Vigie's error shape, ``Allow`` listing every method of a path, and a
body that is not JSON answered 422 like other junk (``scripts/fuzz.sh`` runs schemathesis on it).

Before: no security scheme; 400/401/403/404/409/413 missing; 422 documented in FastAPI's shape, not
the one answered; ``Allow`` absent from 405s; invalid JSON answered 400 where the docs say 422.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from report_helpers import bearer

ERROR = {"$ref": "#/components/schemas/Error"}


def _responses(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    responses: dict[str, Any] = document["paths"][path][method]["responses"]
    return responses


def test_security_schemes_and_statuses_are_declared(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "HTTPValidationError" not in document["components"]["schemas"]
    case = document["paths"]["/api/v1/cases/{case_id}/transition"]["post"]
    assert case["security"] == [{"bearer": []}]
    assert {"401", "403", "404", "409", "413", "422", "503"} <= set(case["responses"])
    assert case["responses"]["422"]["content"]["application/json"]["schema"] == ERROR
    report = document["paths"]["/api/v1/reports"]["post"]
    assert report["security"] == [{}, {"bearer": []}]  # anonymous, or linked to a token's user
    assert {"413", "415", "429"} <= set(report["responses"])
    search = _responses(document, "get", "/api/v1/practitioners")
    assert "security" not in document["paths"]["/api/v1/practitioners"]["get"]
    assert search["429"]["headers"]["Retry-After"]["schema"] == {"type": "integer"}


def test_every_operation_is_told_its_errors(client: TestClient) -> None:
    """Each operation of the document got Vigie's statuses, including routes that match their
    path with a convertor (``/cases/{case_id:int}``), which were once left as FastAPI wrote them."""
    document = client.get("/api/v1/openapi.json").json()
    bare = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "503" not in operation["responses"]
    ]
    assert bare == []
    one_case = document["paths"]["/api/v1/cases/{case_id}"]["get"]
    assert one_case["security"] == [{"bearer": []}]
    assert {"401", "403", "404"} <= set(one_case["responses"])


def test_invalid_json_is_a_422(client: TestClient, moderator: Any) -> None:
    answer = client.post(
        "/api/v1/cases/1/transition",
        content=b'{"to": "triaged"',
        headers={"content-type": "application/json", **bearer(moderator)},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "invalid_input"
    latin1 = client.post(
        "/api/v1/scan",
        content='{"text": "é"}'.encode("latin-1"),
        headers={"content-type": "application/json"},
    )
    assert latin1.status_code == 422


def test_allow_names_every_method_of_the_path(client: TestClient) -> None:
    answer = client.put("/api/v1/me/handles")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, POST"
