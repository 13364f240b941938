"""The exact JSON shape of every reports and accounts API answer: each key, and the JSON type of
each value (``null`` included), recorded from the answers before they were typed with Pydantic
models. A renamed, dropped, added or re-typed key fails here, not in a client."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from report_helpers import bearer, factory_of, file_report, make_actor, png_bytes


def shape(value: Any) -> Any:
    """Keys kept, values replaced by their JSON type; a list by the shape of its first item."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return {bool: "bool", int: "int", float: "float", str: "str"}.get(type(value), "null")


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


CLAIM = {
    "id": "int",
    "platform": "str",
    "handle": "str",
    "url": "str",
    "status": "str",
    "code": "str",
    "account": "str",
    "created_at": "str",
    "decided_at": "null",
}


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
    assert _ok(handle, 201) == CLAIM
    mine = _ok(client.get("/api/v1/me/handles", headers=bearer(doctor)))
    assert mine == {"claims": [CLAIM]}
    doctor_id = client.get("/api/v1/users", headers=bearer(admin)).json()["users"][1]["user_id"]
    role = client.post(
        f"/api/v1/users/{doctor_id}/role", json={"role": "physician"}, headers=bearer(admin)
    )
    assert _ok(role) == {"user_id": "int", "role": "str", "active": "bool"}


FILED = {"report_id": "int", "case_id": "int", "tracking_code": "str"}
TRACKING = {
    "tracking_code": "str",
    "filed_at": "str",
    "account": "str",
    "status": "str",
    "status_label": "str",
    "outcome": "null",
    "outcome_label": "null",
    "updated_at": "str",
    "harmed": "bool",
    "timeline": [
        {
            "at": "str",
            "when": "str",
            "kind": "str",
            "label": "str",
            "addressee": "null",
            "outcome": "null",
        }
    ],
    "next": {
        "label": "str",
        "note": "null",
        "expected_by": "str",
        "expected_on": "str",
        "late": "bool",
    },
}
SUMMARY = {
    "case_id": "int",
    "status": "str",
    "status_label": "str",
    "outcome": "null",
    "version": "int",
    "accounts": ["str"],
    "report_count": "int",
    "risk_score": "float",
    "risk_band": "str",
    "department": "str",
    "created_at": "str",
    "updated_at": "str",
    "priority": {"score": "int", "reasons": ["str"]},
    "assigned_to": "null",
    "age_days": "int",
    "overdue": "bool",
}
QUEUE = {"items": [SUMMARY], "page": "int", "per_page": "int", "total": "int", "pages": "int"}
TRANSITION = {"case_id": "int", "status": "str", "version": "int"}
EVIDENCE = {
    "evidence_id": "int",
    "sha256": "str",
    "media_type": "str",
    "size_bytes": "int",
    "original_name": "str",
    "has_preview": "bool",
    "received_at": "str",
}
REPORT = {
    "report_id": "int",
    "account_id": "int",
    "account_input": "str",
    "acts": ["str"],
    "products": "str",
    "price": "str",
    "place": "str",
    "department": "str",
    "offered_on": "str",
    "harmed": "bool",
    "description": "str",
    "post_texts": ["str"],
    "links": [],
    "created_at": "str",
    "invalidated_at": "null",
    "evidence": [EVIDENCE],
}
REPORT_WITH_REPORTER = REPORT | {"contact_email": "str", "reporter_user_id": "null"}
REASON = {
    "signal": "str",
    "weight": "float",
    "start": "int",
    "end": "int",
    "excerpt": "str",
    "explanation": "str",
    "field": "str",
}
SCAN = {
    "handle": "str",
    "platform": "str",
    "label": "str",
    "score": "float",
    "risk": "str",
    "reasons": [REASON],
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
}
REGISTRY_CHECK = {"source_date": "null", "numbers": [], "claims": []}
FORWARD = {
    "destination": "str",
    "destination_label": "str",
    "reference": "str",
    "forwarded_at": "str",
}
EVENT = {
    "id": "int",
    "kind": "str",
    "actor": "str",
    "from": "null",
    "to": "str",
    "details": {"report_id": "int", "account": "str", "evidence": "int"},
    "comment": "str",
    "at": "str",
    "hash": "str",
}
IDENTIFIER = {
    **dict.fromkeys(("key", "platform", "handle", "shown", "kind", "url", "source"), "str"),
    **{"source_label": "str", "report_id": "null", "field": "str", "item": "int"},
    **{"start": "int", "end": "int", "excerpt": "str", "first_seen": "str"},
}
CASE = SUMMARY | {
    "outcome_label": "null",
    "merged_into": "null",
    "allowed_transitions": ["str"],
    "account_details": [{"account_id": "int", "platform": "str", "handle": "str"}],
    "reports": [REPORT_WITH_REPORTER],
    "forwards": [FORWARD],
    "scan": SCAN,
    "registry_check": REGISTRY_CHECK,
    "analysed_at": "str",
    "events": [EVENT],
    "identifiers": [IDENTIFIER],
    "merge_proposals": [],
}
HEADER = {
    **dict.fromkeys(("destination", "destination_label", "purpose", "subject"), "str"),
    "case_id": "int",
    "sender": {"name": "str", "address": "str", "email": "str"},
    "addressee": {"name": "str", "short": "str", "department": "str"},
    **dict.fromkeys(("generated_at", "generated_at_label", "fingerprint"), "str"),
    "warnings": ["str"],
}
ACCOUNT = {"platform": "str", "platform_label": "str", "handle": "str", "url": "str"}
DOSSIER_EVIDENCE = EVIDENCE | {
    "report_id": "int",
    "annex": "int",
    "annex_file": "str",
    "received_at_label": "str",
    "timestamp": "null",
    "timestamp_pending": "bool",
}
DOSSIER = {
    "dossier": HEADER,
    "timestamps_note": "str",
    "accounts": [ACCOUNT],
    "case": {
        "status": "str",
        "status_label": "str",
        "outcome": "null",
        "report_count": "int",
        "created_at": "str",
    },
    "summary": ["str"],
    "legal_grounds": [{"ids": ["str"], "title": "str", "text": "str"}],
    "registry": {"source_date": "null", "source_date_label": "null", "lines": []},
    "reports": [REPORT_WITH_REPORTER],
    "evidence": [DOSSIER_EVIDENCE],
    "scan": {
        "label": "str",
        "score": "float",
        "risk": "str",
        "risk_label": "str",
        "reasons": [REASON],
    },
    "registry_check": REGISTRY_CHECK,
    "forwards": [FORWARD],
    "history": [EVENT],
}
NOTICE = {
    "urls": ["str"],
    "reasons": "str",
    "scanner_reasons": ["str"],
    "good_faith_statement": "str",
    "notifier": {"name": "str", "email": "str"},
}
# The platform gets a DSA notice and nothing of the case's internal life.
PLATFORM_DOSSIER = {
    "dossier": HEADER,
    "timestamps_note": "str",
    "accounts": [ACCOUNT],
    "notice": NOTICE,
}
STATS = {
    "totals": {"reports": "int", "cases": "int"},
    **{
        name: [{"key": "str", "count": "int"}]
        for name in (
            "reports_per_week",
            "cases_per_week",
            "reports_by_platform",
            "reports_by_department",
            "reports_by_act",
            "cases_by_platform",
            "cases_by_department",
            "cases_by_status",
        )
    },
    "cases_by_outcome": [],
    "median_hours_report_to_forward": "float",
    "median_hours_report_to_close": "null",
}
USER = {"user_id": "int", "email": "str", "role": "str", "active": "bool", "rpps_status": "str"}
