"""The exact JSON shape of every reports and accounts API answer: each key, and the JSON type of
each value (``null`` included), recorded from the answers before they were typed with Pydantic
models. A renamed, dropped, added or re-typed key fails here, not in a client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from report_helpers import app_client, bearer, factory_of, file_report, make_actor, png_bytes
from vigie.config import Settings


def shape(value: Any) -> Any:
    """Keys kept, values replaced by their JSON type; a list by the shape of its first item."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return {bool: "bool", int: "int", float: "float", str: "str"}.get(type(value), "null")


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with app_client(settings) as test_client:
        yield test_client


def _ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return shape(answer.json())


def test_reports_answers_keep_their_shape(client: TestClient) -> None:
    moderator = make_actor(factory_of(client), "moderator")
    headers = bearer(moderator)
    filed = file_report(
        client, files=[("capture.png", png_bytes(), "image/png")], contact_email="a@example.test"
    )
    assert shape(filed.json()) == FILED
    case_id, code = filed.json()["case_id"], filed.json()["tracking_code"]
    assert _ok(client.get(f"/api/v1/reports/track/{code}")) == TRACKING
    assert _ok(client.get("/api/v1/cases", headers=headers)) == QUEUE
    triage = {"to": "triaged", "version": 1}
    assert client.post(
        f"/api/v1/cases/{case_id}/transition", json=triage, headers=headers
    ).is_success
    forward = {"to": "forwarded", "destination": "ordre", "reference": "R-1", "version": 2}
    moved = client.post(f"/api/v1/cases/{case_id}/transition", json=forward, headers=headers)
    assert _ok(moved) == TRANSITION
    assert _ok(client.get(f"/api/v1/cases/{case_id}", headers=headers)) == CASE
    other = file_report(client, "@other.account").json()
    merged = client.post(
        f"/api/v1/cases/{case_id}/merge", json={"other_case_id": other["case_id"]}, headers=headers
    )
    assert _ok(merged) == {"case_id": "int", "merged": "int"}
    split = client.post(f"/api/v1/reports/{other['report_id']}/split", json={}, headers=headers)
    assert _ok(split) == {"case_id": "int", "split_from": "int"}
    url = f"/api/v1/cases/{case_id}/dossier"
    assert _ok(client.get(url, params={"to": "ordre"}, headers=headers)) == DOSSIER
    platform = client.get(url, params={"to": "platform"}, headers=headers)
    assert _ok(platform) == PLATFORM_DOSSIER
    assert _ok(client.get("/api/v1/stats")) == STATS


def test_accounts_answers_keep_their_shape(client: TestClient) -> None:
    factory = factory_of(client)
    admin, doctor = make_actor(factory, "admin"), make_actor(factory, "physician")
    users = _ok(client.get("/api/v1/users", headers=bearer(admin)))
    assert users == {"users": [USER]}
    handle = client.post(
        "/api/v1/me/handles",
        json={"platform": "instagram", "account": "@dr.real"},
        headers=bearer(doctor),
    )
    assert _ok(handle, 201) == {"account": "str"}
    doctor_id = client.get("/api/v1/users", headers=bearer(admin)).json()["users"][1]["user_id"]
    role = client.post(
        f"/api/v1/users/{doctor_id}/role", json={"role": "physician"}, headers=bearer(admin)
    )
    assert _ok(role) == {"user_id": "int", "role": "str", "active": "bool"}


FILED = {"report_id": "int", "case_id": "int", "tracking_code": "str"}
TRACKING: dict[str, Any] = {
    "account": "str",
    "filed_at": "str",
    "harmed": "bool",
    "outcome": "null",
    "outcome_label": "null",
    "status": "str",
    "status_label": "str",
    "tracking_code": "str",
    "updated_at": "str",
}
QUEUE: dict[str, Any] = {
    "items": [
        {
            "accounts": ["str"],
            "case_id": "int",
            "created_at": "str",
            "department": "str",
            "outcome": "null",
            "report_count": "int",
            "risk_band": "str",
            "risk_score": "float",
            "status": "str",
            "status_label": "str",
            "updated_at": "str",
            "version": "int",
        }
    ],
    "page": "int",
    "pages": "int",
    "per_page": "int",
    "total": "int",
}
TRANSITION = {"case_id": "int", "status": "str", "version": "int"}
CASE: dict[str, Any] = {
    "account_details": [{"account_id": "int", "handle": "str", "platform": "str"}],
    "accounts": ["str"],
    "allowed_transitions": ["str"],
    "analysed_at": "str",
    "case_id": "int",
    "created_at": "str",
    "department": "str",
    "events": [
        {
            "actor": "str",
            "at": "str",
            "comment": "str",
            "details": {"account": "str", "evidence": "int", "report_id": "int"},
            "from": "null",
            "hash": "str",
            "id": "int",
            "kind": "str",
            "to": "str",
        }
    ],
    "forwards": [
        {
            "destination": "str",
            "destination_label": "str",
            "forwarded_at": "str",
            "reference": "str",
        }
    ],
    "merged_into": "null",
    "outcome": "null",
    "outcome_label": "null",
    "registry_check": {"claims": [], "numbers": [], "source_date": "null"},
    "report_count": "int",
    "reports": [
        {
            "account_id": "int",
            "account_input": "str",
            "acts": ["str"],
            "contact_email": "str",
            "created_at": "str",
            "department": "str",
            "description": "str",
            "evidence": [
                {
                    "evidence_id": "int",
                    "has_preview": "bool",
                    "media_type": "str",
                    "original_name": "str",
                    "received_at": "str",
                    "sha256": "str",
                    "size_bytes": "int",
                }
            ],
            "harmed": "bool",
            "links": [],
            "offered_on": "str",
            "place": "str",
            "post_texts": ["str"],
            "price": "str",
            "products": "str",
            "report_id": "int",
            "reporter_user_id": "null",
        }
    ],
    "risk_band": "str",
    "risk_score": "float",
    "scan": {
        "checks": [],
        "combination": {
            "bio_score": "null",
            "formula": "str",
            "max_post_id": "null",
            "max_post_score": "float",
            "method": "str",
            "posts": "int",
            "score": "float",
            "support": "int",
        },
        "handle": "str",
        "label": "str",
        "platform": "str",
        "reasons": [
            {
                "end": "int",
                "excerpt": "str",
                "explanation": "str",
                "field": "str",
                "signal": "str",
                "start": "int",
                "weight": "float",
            }
        ],
        "risk": "str",
        "score": "float",
    },
    "status": "str",
    "status_label": "str",
    "updated_at": "str",
    "version": "int",
}
DOSSIER: dict[str, Any] = {
    "accounts": [{"handle": "str", "platform": "str", "url": "str"}],
    "case": {
        "created_at": "str",
        "outcome": "null",
        "report_count": "int",
        "status": "str",
        "status_label": "str",
    },
    "dossier": {
        "case_id": "int",
        "destination": "str",
        "destination_label": "str",
        "generated_at": "str",
        "purpose": "str",
    },
    "evidence": [
        {
            "evidence_id": "int",
            "has_preview": "bool",
            "media_type": "str",
            "original_name": "str",
            "received_at": "str",
            "report_id": "int",
            "sha256": "str",
            "size_bytes": "int",
        }
    ],
    "forwards": [
        {
            "destination": "str",
            "destination_label": "str",
            "forwarded_at": "str",
            "reference": "str",
        }
    ],
    "history": [
        {
            "actor": "str",
            "at": "str",
            "comment": "str",
            "details": {"account": "str", "evidence": "int", "report_id": "int"},
            "from": "null",
            "hash": "str",
            "id": "int",
            "kind": "str",
            "to": "str",
        }
    ],
    "registry_check": {"claims": [], "numbers": [], "source_date": "null"},
    "reports": [
        {
            "account_id": "int",
            "account_input": "str",
            "acts": ["str"],
            "contact_email": "str",
            "created_at": "str",
            "department": "str",
            "description": "str",
            "evidence": [
                {
                    "evidence_id": "int",
                    "has_preview": "bool",
                    "media_type": "str",
                    "original_name": "str",
                    "received_at": "str",
                    "sha256": "str",
                    "size_bytes": "int",
                }
            ],
            "harmed": "bool",
            "links": [],
            "offered_on": "str",
            "place": "str",
            "post_texts": ["str"],
            "price": "str",
            "products": "str",
            "report_id": "int",
            "reporter_user_id": "null",
        }
    ],
    "scan": {
        "label": "str",
        "reasons": [
            {
                "end": "int",
                "excerpt": "str",
                "explanation": "str",
                "field": "str",
                "signal": "str",
                "start": "int",
                "weight": "float",
            }
        ],
        "risk": "str",
        "score": "float",
    },
}
PLATFORM_DOSSIER: dict[str, Any] = {
    "accounts": [{"handle": "str", "platform": "str", "url": "str"}],
    "case": {
        "created_at": "str",
        "outcome": "null",
        "report_count": "int",
        "status": "str",
        "status_label": "str",
    },
    "dossier": {
        "case_id": "int",
        "destination": "str",
        "destination_label": "str",
        "generated_at": "str",
        "purpose": "str",
    },
    "evidence": [
        {
            "evidence_id": "int",
            "has_preview": "bool",
            "media_type": "str",
            "original_name": "str",
            "received_at": "str",
            "report_id": "int",
            "sha256": "str",
            "size_bytes": "int",
        }
    ],
    "forwards": [
        {
            "destination": "str",
            "destination_label": "str",
            "forwarded_at": "str",
            "reference": "str",
        }
    ],
    "history": [
        {
            "actor": "str",
            "at": "str",
            "comment": "str",
            "details": {"account": "str", "evidence": "int", "report_id": "int"},
            "from": "null",
            "hash": "str",
            "id": "int",
            "kind": "str",
            "to": "str",
        }
    ],
    "notice": {
        "good_faith_statement": "str",
        "notifier": {"email": "str", "name": "str"},
        "reasons": "str",
        "scanner_reasons": ["str"],
        "urls": ["str"],
    },
    "registry_check": {"claims": [], "numbers": [], "source_date": "null"},
    "reports": [
        {
            "account_id": "int",
            "account_input": "str",
            "acts": ["str"],
            "created_at": "str",
            "department": "str",
            "description": "str",
            "evidence": [
                {
                    "evidence_id": "int",
                    "has_preview": "bool",
                    "media_type": "str",
                    "original_name": "str",
                    "received_at": "str",
                    "sha256": "str",
                    "size_bytes": "int",
                }
            ],
            "harmed": "bool",
            "links": [],
            "offered_on": "str",
            "place": "str",
            "post_texts": ["str"],
            "price": "str",
            "products": "str",
            "report_id": "int",
        }
    ],
    "scan": {
        "label": "str",
        "reasons": [
            {
                "end": "int",
                "excerpt": "str",
                "explanation": "str",
                "field": "str",
                "signal": "str",
                "start": "int",
                "weight": "float",
            }
        ],
        "risk": "str",
        "score": "float",
    },
}
STATS: dict[str, Any] = {
    "cases_by_department": [{"count": "int", "key": "str"}],
    "cases_by_outcome": [],
    "cases_by_platform": [{"count": "int", "key": "str"}],
    "cases_by_status": [{"count": "int", "key": "str"}],
    "cases_per_week": [{"count": "int", "key": "str"}],
    "median_hours_report_to_close": "null",
    "median_hours_report_to_forward": "float",
    "reports_by_act": [{"count": "int", "key": "str"}],
    "reports_by_department": [{"count": "int", "key": "str"}],
    "reports_by_platform": [{"count": "int", "key": "str"}],
    "reports_per_week": [{"count": "int", "key": "str"}],
    "totals": {"cases": "int", "reports": "int"},
}
USER: dict[str, Any] = {
    "active": "bool",
    "email": "str",
    "role": "str",
    "rpps_status": "str",
    "user_id": "int",
}
