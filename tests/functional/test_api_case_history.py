"""A case's history names people by role and a short label, never by an internal id; dossiers
leave out what a moderator invalidated. Through the API and the pages, on both databases."""

from __future__ import annotations

import html as html_escapes
import json
import re

from fastapi.testclient import TestClient

from report_helpers import Actor, bearer, factory_of, file_report, make_actor, png_bytes, sign_in

DESCRIPTION = "Propose des injections d'acide hyaluronique à domicile."


def _file_as(client: TestClient, who: Actor, account: str, **fields: object) -> dict[str, object]:
    data = {"platform": "instagram", "account": account, "description": DESCRIPTION} | fields
    answer = client.post("/api/v1/reports", data=data, headers=bearer(who))
    assert answer.status_code == 201, answer.text
    filed: dict[str, object] = answer.json()
    return filed


def _user_id(client: TestClient, email: str) -> int:
    from vigie.accounts.models import User

    with factory_of(client)() as session:
        return session.query(User).filter_by(email=email).one().id


def _history_text(page: str) -> str:
    section = page.split('id="history-title"')[1].split("</section>")[0]
    return " ".join(html_escapes.unescape(re.sub(r"<[^>]+>", " ", section)).split())


def test_history_names_roles_and_short_labels_never_ids(
    client: TestClient, moderator: Actor
) -> None:
    doctor = make_actor(factory_of(client), "physician", "d.martin@example.test")
    anonymous = file_report(client, "@history.case").json()
    case_id = anonymous["case_id"]
    _file_as(client, doctor, "@history.case")
    taken = client.post(
        f"/api/v1/cases/{case_id}/assign",
        json={"to": _user_id(client, moderator.email), "version": 1},
        headers=bearer(moderator),
    )
    assert taken.status_code == 200, taken.text
    detail = client.get(f"/api/v1/cases/{case_id}", headers=bearer(moderator)).json()
    actors = [(e["kind"], e["actor"]) for e in detail["events"]]
    assert actors == [
        ("case_opened", "Signalant anonyme"),
        ("report_added", "Signalant · d.martin@…"),
        ("assign", "Modérateur · moderator@…"),
    ]
    assert "user:" not in json.dumps(detail["events"])

    sign_in(client, moderator.email)
    history = _history_text(client.get(f"/moderation/cas/{case_id}").text)
    assert "user:" not in history
    assert "Prise en charge — Modérateur · moderator@…" in history
    assert "Signalement ajouté — Signalant · d.martin@…" in history
    english = _history_text(client.get(f"/moderation/cas/{case_id}?lang=en").text)
    assert "Taken — Moderator · moderator@…" in english
    assert "Case opened (— → New) — Anonymous reporter" in english

    colleague = make_actor(factory_of(client), "moderator", "collegue@example.test")
    handed = client.post(
        f"/api/v1/cases/{case_id}/assign",
        json={"to": _user_id(client, colleague.email), "version": 2},
        headers=bearer(moderator),
    )
    assert handed.status_code == 200, handed.text
    handed_history = _history_text(client.get(f"/moderation/cas/{case_id}").text)
    assert "Attribution → Modérateur · collegue@… — Modérateur · moderator@…" in handed_history

    tracked = client.get(f"/api/v1/reports/track/{anonymous['tracking_code']}").text
    assert "moderator" not in tracked
    assert "user:" not in tracked
    dossier = client.get(
        f"/api/v1/cases/{case_id}/dossier", params={"to": "ordre"}, headers=bearer(moderator)
    ).json()
    assert {e["actor"] for e in dossier["history"]} == {"signalant"}  # no assignment in a dossier
    assert "moderator@" not in json.dumps(dossier)


def test_dossiers_leave_out_invalidated_reports(client: TestClient, moderator: Actor) -> None:
    flooder = make_actor(factory_of(client), "reporter", "flood@example.test")
    honest = file_report(client, "@flooded.case", files=[("vraie.png", png_bytes(), "image/png")])
    case_id = honest.json()["case_id"]
    flood = client.post(
        "/api/v1/reports",
        data={"platform": "instagram", "account": "@flooded.case", "harmed": "true",
              "description": "Texte du signalant de masse.", "links": ["https://example.test/x"]},
        files=[("evidence", ("fausse.png", png_bytes(50, 20), "image/png"))],
        headers=bearer(flooder),
    )  # fmt: skip
    assert flood.status_code == 201, flood.text
    alone = _file_as(client, flooder, "@flooded.alone")
    url = f"/api/v1/cases/{case_id}/dossier"
    before = client.get(url, params={"to": "ordre"}, headers=bearer(moderator)).json()
    assert before["case"]["report_count"] == 2
    assert len(before["evidence"]) == 2

    done = client.post(
        f"/api/v1/reporters/{_user_id(client, flooder.email)}/invalidate",
        json={"reason": "Signalements en masse contre un concurrent."},
        headers=bearer(moderator),
    )
    assert done.status_code == 200, done.text
    after = client.get(url, params={"to": "ordre"}, headers=bearer(moderator)).json()
    assert [r["report_id"] for r in after["reports"]] == [honest.json()["report_id"]]
    assert after["case"]["report_count"] == 1
    assert [e["original_name"] for e in after["evidence"]] == ["vraie.png"]
    text = json.dumps(after, ensure_ascii=False)
    assert "Texte du signalant de masse" not in text
    assert "fausse.png" not in text
    assert (
        "complication" not in " ".join(after["summary"]).lower()
    )  # the harm was the flooder's claim
    assert "reporter_id" not in text  # the invalidation event stays, without whose
    notice = client.get(url, params={"to": "platform"}, headers=bearer(moderator)).json()
    assert "https://example.test/x" not in notice["notice"]["urls"]
    pdf = client.get(url, params={"to": "ars", "format": "pdf"}, headers=bearer(moderator))
    assert pdf.status_code == 200
    detail = client.get(f"/api/v1/cases/{case_id}", headers=bearer(moderator)).json()
    assert detail["report_count"] == 1  # as the queue counts it

    nothing = client.get(
        f"/api/v1/cases/{alone['case_id']}/dossier", params={"to": "ars"}, headers=bearer(moderator)
    )
    assert nothing.status_code == 422
    assert "ont été invalidés" in nothing.json()["error"]["message"]
