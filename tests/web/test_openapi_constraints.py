"""The OpenAPI says the real constraints (issue 11): what its enums and patterns allow, the domain
accepts; what no schema can say gets a status schemathesis's ``positive_data_acceptance`` takes
(404 for a value naming nothing, 409 for a state), and lax coercions are refused.

Before: platform, ``act``, ``to`` and the bulk action were free strings, département, RPPS/ADELI
and postcode shapes were checked only in code (a schema-valid ``department=0000`` was a 422), a
case merged into itself or a wrong check digit answered 422, and ``posted_at: 0`` on /scan was
read as 1970. ``scripts/fuzz.sh`` runs schemathesis with every check against the same document.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st
from sqlalchemy import Engine

from report_helpers import app_client, bearer, factory_of, make_actor
from vigie.config import Settings
from vigie.registry.identifiers import IdentifierType, check_identifier
from vigie.registry.search.inputs import read_request
from vigie.reports.bulk import BulkAction
from vigie.reports.schemas import clean_department
from vigie.reports.workflow import Destination, Status
from vigie.social import Platform
from vigie.social.parse import _ALIASES, parse_platform
from vigie.web.api.params import (
    REGISTRY_DEPARTMENT,
    REPORT_DEPARTMENT,
    RPPS,
    RPPS_OR_ADELI,
    PlatformName,
    search_text,
)

BAD_LUHN = "10000000018"  # 11 digits, wrong check digit (10000000017 would pass)


def _document(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/api/v1/openapi.json").json()
    return document


def _parameter(document: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    operation = document["paths"][path]["get"]
    schema: dict[str, Any] = next(p for p in operation["parameters"] if p["name"] == name)["schema"]
    return schema


def _enum(schema: dict[str, Any], document: dict[str, Any]) -> set[str]:
    """Every string value an (anyOf of) enum(s), const(s) or $ref(s) allows."""
    if "$ref" in schema:
        return _enum(document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]], document)
    values = set(schema.get("enum", ())) | ({schema["const"]} if "const" in schema else set())
    for branch in schema.get("anyOf", ()):
        values |= _enum(branch, document)
    return values


def test_platform_names_are_the_domains() -> None:
    assert set(get_args(PlatformName)) == {p.value for p in Platform} | set(_ALIASES)
    assert all(parse_platform(name) is not None for name in get_args(PlatformName))


def test_closed_sets_are_enums_in_the_document(settings: Settings) -> None:
    with app_client(settings) as client:
        document = _document(client)
    platform = _parameter(document, "/api/v1/accounts/{platform}/{handle}", "platform")
    assert _enum(platform, document) == set(get_args(PlatformName))
    dossier_to = _parameter(document, "/api/v1/cases/{case_id}/dossier", "to")
    assert _enum(dossier_to, document) == {d.value for d in Destination}
    state = _parameter(document, "/api/v1/cases", "state")
    assert _enum(state, document) == {s.value for s in Status} | {"all", ""}
    bodies = document["components"]["schemas"]
    assert set(bodies["BulkIn"]["properties"]["action"]["enum"]) == {a.value for a in BulkAction}
    assert bodies["BulkIn"]["properties"]["cases"]["minItems"] == 1
    assert _enum(bodies["TransitionIn"]["properties"]["to"], document) == {s.value for s in Status}
    identifier = document["paths"]["/api/v1/practitioners/{identifier}"]["get"]["parameters"][0]
    assert identifier["schema"]["pattern"] == RPPS_OR_ADELI
    limit = _parameter(document, "/api/v1/practitioners", "limit")
    assert limit["maximum"] == settings.search_limit_max  # a setting, read from the app


@examples(max_examples=200, deadline=None)
@given(st.from_regex(REPORT_DEPARTMENT, fullmatch=True))
def test_a_report_department_the_schema_allows_is_accepted(value: str) -> None:
    assert clean_department(value) == value.upper()


@examples(max_examples=200, deadline=None)
@given(st.from_regex(REGISTRY_DEPARTMENT, fullmatch=True))
def test_a_search_department_the_schema_allows_is_accepted(value: str) -> None:
    request = read_request(Settings(), "Dupont", None, None, value, None, 10)
    assert request.department == value.upper()


@examples(max_examples=200, deadline=None)
@given(st.from_regex(search_text(1, 200), fullmatch=True))
def test_search_text_the_schema_allows_is_accepted(value: str) -> None:
    read_request(Settings(), value, value[:100], None, None, None, 10)  # raises if refused


@examples(max_examples=200, deadline=None)
@given(st.from_regex(RPPS_OR_ADELI, fullmatch=True))
def test_a_number_the_schema_allows_is_read_as_rpps_or_adeli(value: str) -> None:
    check = check_identifier(value)
    assert check is not None
    assert check.type is not None  # only the check digit is left to say
    if re.fullmatch(RPPS, value):
        assert check.type is IdentifierType.RPPS


def test_what_no_schema_can_say_answers_404_or_409(settings: Settings, engine: Engine) -> None:
    with app_client(settings) as client:
        moderator = make_actor(factory_of(client), "moderator")
        admin = make_actor(factory_of(client), "admin")
        reporter = make_actor(factory_of(client), "reporter")
        luhn = client.get(f"/api/v1/practitioners/{BAD_LUHN}")
        assert luhn.status_code == 404, luhn.text
        assert "clé de contrôle" in luhn.json()["error"]["message"]
        claim = client.post(
            "/api/v1/me/identity", json={"rpps": BAD_LUHN}, headers=bearer(reporter)
        )
        assert claim.status_code == 404, claim.text
        for path in ("/api/v1/accounts/instagram/a..b", "/api/v1/accounts?q=https://x.test/y"):
            nobody = client.get(path)
            assert nobody.status_code == 404, (path, nobody.text)
            assert nobody.json()["error"]["message"]  # says what to paste instead
        place = client.get("/api/v1/directory", params={"act": "ha_filler", "place": "Zzyzx"})
        assert place.status_code == 404, place.text
        itself = client.post(
            "/api/v1/cases/7/merge", json={"other_case_id": 7}, headers=bearer(moderator)
        )
        assert itself.status_code == 409, itself.text
        users = client.get("/api/v1/users", headers=bearer(admin)).json()["users"]
        own = next(u["user_id"] for u in users if u["email"] == admin.email)
        demote = client.post(
            f"/api/v1/users/{own}/role", json={"role": "reporter"}, headers=bearer(admin)
        )
        assert demote.status_code == 403, demote.text


def test_shapes_the_schema_refuses_are_422(settings: Settings, engine: Engine) -> None:
    with app_client(settings) as client:
        moderator = make_actor(factory_of(client), "moderator")
        for path in (
            "/api/v1/accounts/myspace/someone",
            "/api/v1/practitioners/123",
            "/api/v1/practitioners?q=Dupont&department=0000",
            "/api/v1/practitioners?q=Dupont&postcode=6900",
            "/api/v1/practitioners?q=Dupont%01",
        ):
            assert client.get(path).status_code == 422, path
        for query in ("act=tattoo", "sort=name", "assigned=everyone", "department=00"):
            answer = client.get(f"/api/v1/cases?{query}", headers=bearer(moderator))
            assert answer.status_code == 422, query
        dossier = client.get("/api/v1/cases/1/dossier?to=police", headers=bearer(moderator))
        assert dossier.status_code == 422
        closing = client.post(
            "/api/v1/cases/1/transition", json={"to": "closed"}, headers=bearer(moderator)
        )
        assert closing.status_code == 422
        assert closing.json()["error"]["details"]["field"] == "outcome"


def test_posted_at_is_a_date_time_not_a_number(settings: Settings, engine: Engine) -> None:
    with app_client(settings) as client:
        for posted_at in (0, 1_700_000_000, "0", True):
            post = {"text": "Injections", "posted_at": posted_at}
            assert client.post("/api/v1/scan", json=post).status_code == 422, posted_at
            account = {"handle": "x", "posts": [post]}
            assert client.post("/api/v1/scan/account", json=account).status_code == 422


def test_a_route_keeps_its_own_description_of_a_shared_status(settings: Settings) -> None:
    with app_client(settings) as client:
        document = _document(client)
    merge = document["paths"]["/api/v1/cases/{case_id}/merge"]["post"]["responses"]["409"]
    assert "this case" in merge["description"]
    assert merge["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    lookup = document["paths"]["/api/v1/accounts"]["get"]["responses"]["404"]
    assert "names no account" in lookup["description"]
