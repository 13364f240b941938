"""The accounts API declares its real constraints, so schemathesis' positive and negative data
checks hold on it: a role is one of the roles, booleans are JSON booleans, and deciding a claim
that is not pending is a state conflict (409), not bad input.

Before: any string was a schema-valid role (then 422), ``"active": 0`` deactivated a user, and a
decision on no claim answered 422 to schema-valid data."""

from __future__ import annotations

from fastapi.testclient import TestClient

from report_helpers import bearer, factory_of, make_actor
from vigie.accounts.services import user_by_email


def test_the_schema_names_the_roles_and_strict_booleans(client: TestClient) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["Role"]["enum"] == ["reporter", "physician", "moderator", "admin"]
    assert schemas["RoleIn"]["properties"]["active"]["type"] == "boolean"


def test_a_number_is_not_a_boolean_and_a_role_must_exist(client: TestClient) -> None:
    admin = make_actor(factory_of(client), "admin")
    target = make_actor(factory_of(client), "moderator")
    with factory_of(client)() as session:
        user_id = user_by_email(session, target.email).id
    path = f"/api/v1/users/{user_id}/role"
    for body in ({"role": "moderator", "active": 0}, {"role": "000", "active": True}):
        refused = client.post(path, json=body, headers=bearer(admin))
        assert refused.status_code == 422, body
    assert client.get("/api/v1/users", headers=bearer(admin)).json()["users"][1]["active"] is True
    kept = client.post(path, json={"role": "moderator", "active": True}, headers=bearer(admin))
    assert kept.json() == {"user_id": user_id, "role": "moderator", "active": True}


def test_deciding_a_claim_that_is_not_pending_is_a_conflict(client: TestClient) -> None:
    moderator = make_actor(factory_of(client), "moderator")
    reporter = make_actor(factory_of(client), "reporter")
    with factory_of(client)() as session:
        user_id = user_by_email(session, reporter.email).id
    answer = client.post(
        f"/api/v1/users/{user_id}/identity", json={"accept": True}, headers=bearer(moderator)
    )
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "conflict"
