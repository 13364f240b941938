"""The reports API over HTTP on both databases: filing, tracking, the moderators' case API."""

from __future__ import annotations

import hashlib

import pytest
from fastapi.testclient import TestClient

from report_helpers import Actor, bearer, factory_of, file_report, make_actor, png_bytes


def test_file_report_with_image_then_moderator_reads_the_case(
    client: TestClient, moderator: Actor
) -> None:
    image = png_bytes()
    answer = file_report(client, files=[("capture.png", image, "image/png")])
    assert answer.status_code == 201, answer.text
    filed = answer.json()
    assert set(filed) == {"report_id", "case_id", "tracking_code"}

    case = client.get(f"/api/v1/cases/{filed['case_id']}", headers=bearer(moderator)).json()
    assert case["accounts"] == ["instagram:@fake.injectrice"]
    evidence = case["reports"][0]["evidence"][0]
    assert evidence["sha256"] == hashlib.sha256(image).hexdigest()
    assert evidence["media_type"] == "image/png"
    assert [e["kind"] for e in case["events"]] == ["case_opened"]
    assert case["registry_check"] is not None


def test_spellings_of_one_account_join_one_case(client: TestClient, moderator: Actor) -> None:
    spellings = [
        ("tiktok", "@Fake.Inject"),
        ("", "https://www.tiktok.com/@fake.inject/video/7300000000000000000"),
        ("tiktok", "tiktok.com/@FAKE.INJECT?lang=fr"),
    ]
    case_ids = {
        file_report(client, account, platform).json()["case_id"] for platform, account in spellings
    }
    assert len(case_ids) == 1
    queue = client.get("/api/v1/cases", headers=bearer(moderator)).json()
    assert queue["total"] == 1
    assert queue["items"][0]["report_count"] == 3


def test_tracking_shows_only_the_reporters_own_status(client: TestClient, moderator: Actor) -> None:
    first = file_report(client, contact_email="alice@example.test").json()
    second = file_report(
        client, description="Autre témoin", contact_email="bob@example.test"
    ).json()
    view = client.get(f"/api/v1/reports/track/{second['tracking_code']}").json()
    assert view["status"] == "new"
    assert "alice" not in str(view)
    assert "bob" not in str(view)
    assert "report_count" not in view
    client.post(
        f"/api/v1/cases/{first['case_id']}/transition",
        json={"to": "triaged"},
        headers=bearer(moderator),
    )
    assert (
        client.get(f"/api/v1/reports/track/{first['tracking_code']}").json()["status"] == "triaged"
    )
    assert client.get("/api/v1/reports/track/not-a-real-code-000").status_code == 404


def test_workflow_forward_close_reopen_and_queue_filters(
    client: TestClient, moderator: Actor
) -> None:
    case_id = file_report(client, department="13").json()["case_id"]
    headers = bearer(moderator)
    url = f"/api/v1/cases/{case_id}/transition"
    assert (
        client.post(
            url, json={"to": "forwarded", "destination": "ars"}, headers=headers
        ).status_code
        == 409  # a move the case's state does not allow
    )
    assert client.post(url, json={"to": "triaged"}, headers=headers).json()["version"] == 2
    forward = {"to": "forwarded", "destination": "ars", "reference": "ARS-2026-001"}
    assert client.post(url, json=forward, headers=headers).status_code == 200
    missing_outcome = client.post(url, json={"to": "closed"}, headers=headers)
    assert missing_outcome.status_code == 422
    assert (
        client.post(
            url, json={"to": "closed", "outcome": "account_removed"}, headers=headers
        ).status_code
        == 200
    )
    assert (
        client.post(
            url, json={"to": "triaged", "comment": "Nouveau compte"}, headers=headers
        ).status_code
        == 200
    )
    case = client.get(f"/api/v1/cases/{case_id}", headers=headers).json()
    assert [e["kind"] for e in case["events"]] == [
        "case_opened",
        "triage",
        "forward",
        "close",
        "reopen",
    ]
    assert case["forwards"][0]["reference"] == "ARS-2026-001"
    found = client.get(
        "/api/v1/cases?status=triaged&department=13&act=ha_filler&platform=instagram",
        headers=headers,
    )
    assert found.json()["total"] == 1
    assert client.get("/api/v1/cases?department=14", headers=headers).json()["total"] == 0
    for junk in ("status=zzz", "page=0", "act=<script>", "platform=myspace", "department=999"):
        assert client.get(f"/api/v1/cases?{junk}", headers=headers).status_code == 422


def test_stale_version_is_a_conflict(client: TestClient, moderator: Actor) -> None:
    case_id = file_report(client).json()["case_id"]
    url = f"/api/v1/cases/{case_id}/transition"
    assert (
        client.post(
            url, json={"to": "triaged", "version": 1}, headers=bearer(moderator)
        ).status_code
        == 200
    )
    stale = client.post(
        url, json={"to": "closed", "outcome": "no_action", "version": 1}, headers=bearer(moderator)
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"


def test_merge_and_split(client: TestClient, moderator: Actor) -> None:
    first = file_report(client, "@alias.one").json()
    second = file_report(client, "@alias.two").json()
    headers = bearer(moderator)
    merged = client.post(
        f"/api/v1/cases/{first['case_id']}/merge",
        json={"other_case_id": second["case_id"]},
        headers=headers,
    )
    assert merged.status_code == 200, merged.text
    case = client.get(f"/api/v1/cases/{first['case_id']}", headers=headers).json()
    assert sorted(case["accounts"]) == ["instagram:@alias.one", "instagram:@alias.two"]
    assert client.get("/api/v1/cases", headers=headers).json()["total"] == 1
    again = file_report(client, "@alias.two").json()
    assert again["case_id"] == first["case_id"]
    split = client.post(
        f"/api/v1/reports/{second['report_id']}/split",
        json={"comment": "pas la même personne"},
        headers=headers,
    )
    assert split.status_code == 200, split.text
    new_case = client.get(f"/api/v1/cases/{split.json()['case_id']}", headers=headers).json()
    assert new_case["accounts"] == ["instagram:@alias.two"]
    assert new_case["report_count"] == 2


def test_stats_are_aggregates_without_personal_data(client: TestClient) -> None:
    file_report(client, contact_email="carol@example.test", department="75")
    stats = client.get("/api/v1/stats").json()
    assert stats["totals"] == {"reports": 1, "cases": 1}
    assert stats["reports_by_department"] == [{"key": "75", "count": 1}]
    assert stats["cases_by_platform"] == [{"key": "instagram", "count": 1}]
    assert stats["cases_by_department"] == [{"key": "75", "count": 1}]
    assert "carol" not in str(stats)
    assert "fake.injectrice" not in str(stats)


def test_admin_manages_roles_and_a_deactivated_token_stops_working(
    client: TestClient, moderator: Actor
) -> None:
    admin = make_actor(factory_of(client), "admin")
    users = client.get("/api/v1/users", headers=bearer(admin)).json()["users"]
    target = next(u for u in users if u["email"] == moderator.email)
    assert client.get("/api/v1/users", headers=bearer(moderator)).status_code == 403
    body = {"role": "moderator", "active": False}
    assert (
        client.post(
            f"/api/v1/users/{target['user_id']}/role", json=body, headers=bearer(admin)
        ).status_code
        == 200
    )
    assert client.get("/api/v1/cases", headers=bearer(moderator)).status_code == 401
    own = next(u for u in users if u["email"] == admin.email)
    assert (
        client.post(
            f"/api/v1/users/{own['user_id']}/role", json=body, headers=bearer(admin)
        ).status_code
        == 403  # an admin may not change their own role
    )


def test_queue_ranks_by_priority_with_reasons_or_by_risk_and_paginates(
    client: TestClient, moderator: Actor
) -> None:
    from sqlalchemy import update

    from vigie.reports.models import Case

    ids = {}
    for name, copies in (
        ("low.risk", 3),
        ("high.risk", 1),
        ("unscored.many", 4),
        ("unscored.few", 1),
    ):
        for _ in range(copies):
            ids[name] = file_report(client, "@" + name).json()["case_id"]
    with factory_of(client).begin() as session:
        session.execute(update(Case).values(risk_score=None, risk_band=None))
        session.execute(
            update(Case).where(Case.id == ids["low.risk"]).values(risk_score=0.2, risk_band="low")
        )
        session.execute(
            update(Case).where(Case.id == ids["high.risk"]).values(risk_score=0.9, risk_band="high")
        )
    by_risk = client.get("/api/v1/cases?sort=risk", headers=bearer(moderator)).json()
    order = [item["case_id"] for item in by_risk["items"]]
    assert order == [ids["high.risk"], ids["low.risk"], ids["unscored.many"], ids["unscored.few"]]
    queue = client.get("/api/v1/cases", headers=bearer(moderator)).json()
    order = [item["case_id"] for item in queue["items"]]
    # high risk (+20), then four distinct reporters (+15), then three (+10), then nothing
    assert order == [ids["high.risk"], ids["unscored.many"], ids["low.risk"], ids["unscored.few"]]
    reasons = {item["case_id"]: item["priority"]["reasons"] for item in queue["items"]}
    assert reasons[ids["high.risk"]] == ["analyse automatique : risque élevé"]
    assert reasons[ids["unscored.many"]] == ["4 signalants distincts"]
    assert reasons[ids["unscored.few"]] == []
    harmed = file_report(client, "@harm.declared", harmed="true").json()["case_id"]
    first = client.get("/api/v1/cases", headers=bearer(moderator)).json()["items"][0]
    assert first["case_id"] == harmed
    assert first["priority"]["reasons"][0] == "complication déclarée par un signalant"
    only = client.get("/api/v1/cases?harm=true", headers=bearer(moderator)).json()["items"]
    assert [item["case_id"] for item in only] == [harmed]
    assert client.get("/api/v1/cases?page=2", headers=bearer(moderator)).json()["items"] == []
    assert client.get("/api/v1/cases?page=abc", headers=bearer(moderator)).status_code == 422


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/v1/cases/99999999999999999999", None),
        ("GET", "/api/v1/cases/0", None),
        ("GET", "/api/v1/evidence/99999999999999999999", None),
        ("POST", "/api/v1/cases/1/transition", {"to": "triaged", "version": 10**30}),
        ("POST", "/api/v1/cases/1/merge", {"other_case_id": 10**30}),
        ("POST", "/api/v1/cases/1/transition", {"to": "x" * 5000}),
        ("GET", "/api/v1/cases/1/dossier?to=ordre&format=docx", None),
        ("GET", "/api/v1/cases/1/dossier?to=nowhere", None),
    ],
)
def test_junk_ids_and_bodies_are_4xx(
    client: TestClient, moderator: Actor, method: str, path: str, body: object
) -> None:
    file_report(client)
    answer = client.request(method, path, json=body, headers=bearer(moderator))
    assert answer.status_code == 422, answer.text


def test_a_case_path_that_is_no_number_is_no_case(client: TestClient, moderator: Actor) -> None:
    """``/cases/{id}`` takes digits only, so ``/cases/bulk`` (POST) is never read as case "bulk"
    and a 405 there names only the methods that path really serves."""
    file_report(client)
    assert client.get("/api/v1/cases/abc", headers=bearer(moderator)).status_code == 404
    refused = client.options("/api/v1/cases/bulk", headers=bearer(moderator))
    assert refused.status_code == 405
    assert refused.headers["allow"] == "POST"


def test_nul_bytes_never_reach_the_database(client: TestClient, moderator: Actor) -> None:
    filed = file_report(
        client,
        "https://www.instagram.com/nul.acct/?x=\x00",
        "",
        description="a\x00b",
        post_texts=["c\x00d"],
        place="e\x00f",
    )
    assert filed.status_code == 201, filed.text
    assert file_report(client, contact_email="a\x00b@example.test").status_code == 422
    url = f"/api/v1/cases/{filed.json()['case_id']}/transition"
    body = {"to": "triaged", "comment": "g\x00h", "reference": "i\x00j"}
    assert client.post(url, json=body, headers=bearer(moderator)).status_code == 200
    case = client.get(f"/api/v1/cases/{filed.json()['case_id']}", headers=bearer(moderator)).json()
    assert case["reports"][0]["description"] == "ab"
    assert case["events"][-1]["comment"] == "gh"
