"""Responses that can hold personal data carry ``Cache-Control: no-store``; public pages do not."""

from __future__ import annotations

from fastapi.testclient import TestClient

from report_helpers import Actor, bearer, file_report


def test_case_json_dossier_and_tracking_are_not_stored(
    client: TestClient, moderator: Actor
) -> None:
    filed = file_report(client, contact_email="reporter@example.test").json()
    case = f"/api/v1/cases/{filed['case_id']}"
    for path in (case, f"{case}/dossier?to=ordre", "/api/v1/cases"):
        answer = client.get(path, headers=bearer(moderator))
        assert answer.status_code == 200, path
        assert answer.headers["cache-control"] == "no-store", path
    tracking = client.get(f"/suivi/{filed['tracking_code']}")
    assert tracking.headers["cache-control"] == "no-store"
    refused = client.get(case)  # even the 401 of a private path
    assert refused.status_code == 401
    assert refused.headers["cache-control"] == "no-store"


def test_pages_for_a_signed_in_browser_are_not_stored(client: TestClient) -> None:
    assert "cache-control" not in client.get("/").headers
    assert "cache-control" not in client.get("/guides").headers
    client.cookies.set("vigie_session", "anything")
    assert client.get("/").headers["cache-control"] == "no-store"
