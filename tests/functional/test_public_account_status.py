"""Through HTTP, the public account page and its JSON twin show only what moderators established:
a count while under review, where the case went once forwarded, neutral words once closed — never
the automatic risk analysis, and nothing negative for a case closed as unfounded."""

from __future__ import annotations

import html as html_escapes
from typing import Any

import pytest
from fastapi.testclient import TestClient

from report_helpers import Actor, bearer, file_report

HANDLE = "@lips.by.sarah"
RISK_WORDS = ("risque", "élevé", "high", "score", "moyen")


def _public(client: TestClient) -> tuple[str, dict[str, Any]]:
    html = html_escapes.unescape(client.get("/verifier", params={"q": HANDLE}).text)
    data = client.get("/verifier.json", params={"q": HANDLE}).json()
    return html, data


def _move(client: TestClient, moderator: Actor, case_id: int, **body: str) -> None:
    answer = client.post(
        f"/api/v1/cases/{case_id}/transition", json=body, headers=bearer(moderator)
    )
    assert answer.status_code == 200, answer.text


def _assert_no_risk(html: str, data: dict[str, Any]) -> None:
    section = html.split('data-public-status="', 1)[1].split("</section>", 1)[0].lower()
    for word in RISK_WORDS:
        assert word not in section
    assert "risk" not in str(data).lower()
    assert "score" not in str(data).lower()


def test_under_review_then_forwarded_then_closed_as_removed(
    client: TestClient, moderator: Actor
) -> None:
    case_id = file_report(client, HANDLE).json()["case_id"]
    file_report(client, "https://www.instagram.com/lips.by.sarah/?igshid=abc")
    html, data = _public(client)
    assert data["public_status"] == "under_review"
    assert data["account"]["reports_under_review"] == 2
    assert "2 signalements en cours d'examen" in html
    _assert_no_risk(html, data)

    _move(client, moderator, case_id, to="triaged")
    _move(client, moderator, case_id, to="forwarded", destination="ordre")
    html, data = _public(client)
    assert data["public_status"] == "forwarded"
    assert [f["destination"] for f in data["account"]["forwarded"]] == ["ordre"]
    assert "Signalements transmis à l'Ordre des médecins le " in html
    _assert_no_risk(html, data)

    _move(client, moderator, case_id, to="closed", outcome="account_removed")
    html, data = _public(client)
    assert data["public_status"] == "closed"
    assert data["account"]["outcome"] == "account_removed"
    assert "la plateforme a supprimé le compte" in html


@pytest.mark.parametrize("outcome", ["unfounded", "wrong_account", "no_action"])
def test_a_case_closed_without_finding_shows_nothing_negative(
    client: TestClient, moderator: Actor, outcome: str
) -> None:
    case_id = file_report(client, HANDLE, harmed="true").json()["case_id"]
    _move(client, moderator, case_id, to="triaged")
    _move(client, moderator, case_id, to="forwarded", destination="procureur")
    _move(client, moderator, case_id, to="closed", outcome=outcome)
    html, data = _public(client)
    assert data["public_status"] == "closed"
    assert data["message"] == "Aucun signalement en cours pour ce compte."
    assert data["account"]["outcome"] is None
    assert data["account"]["forwarded"] == []
    assert data["account"]["reports_under_review"] is None
    section = html.split('data-public-status="', 1)[1].split("</section>", 1)[0]
    for word in ("procureur", "signalement infondé", "erreur", "transmis", "sans suite"):
        assert word not in section.lower()
    _assert_no_risk(html, data)
