"""Assigning cases through the API and the pages, on both databases: a moderator takes a case,
a colleague naming the old version gets a 409 saying who has it, the queue filters by assignee,
a case can only go to a moderator, and every change is in the case history."""

from __future__ import annotations

import html as html_escapes

from fastapi.testclient import TestClient

from report_helpers import (
    Actor,
    bearer,
    csrf_token_of,
    factory_of,
    file_report,
    make_actor,
    sign_in,
)
from vigie.accounts.models import User


def _user_id(client: TestClient, email: str) -> int:
    with factory_of(client)() as session:
        user = session.query(User).filter_by(email=email).one()
        return user.id


def test_one_moderator_takes_the_case_the_other_gets_409_with_who(
    client: TestClient, moderator: Actor
) -> None:
    other = make_actor(factory_of(client), "moderator", "collegue@example.test")
    case_id = file_report(client, "@to.assign").json()["case_id"]
    mine = client.post(
        f"/api/v1/cases/{case_id}/assign",
        json={"to": _user_id(client, moderator.email), "version": 1},
        headers=bearer(moderator),
    )
    assert mine.status_code == 200, mine.text
    assert mine.json() == {
        "case_id": case_id,
        "version": 2,
        "assigned_to": mine.json()["assigned_to"],
    }
    late = client.post(
        f"/api/v1/cases/{case_id}/assign",
        json={"to": _user_id(client, other.email), "version": 1},
        headers=bearer(other),
    )
    assert late.status_code == 409
    assert moderator.email in late.json()["error"]["message"]
    detail = client.get(f"/api/v1/cases/{case_id}", headers=bearer(other)).json()
    assert detail["assigned_to"]["email"] == moderator.email
    assert [e["kind"] for e in detail["events"]][-1] == "assign"
    mine_only = client.get("/api/v1/cases?assigned=me", headers=bearer(moderator)).json()
    assert [i["case_id"] for i in mine_only["items"]] == [case_id]
    assert client.get("/api/v1/cases?assigned=me", headers=bearer(other)).json()["items"] == []
    taken = client.get("/api/v1/cases?assigned=others", headers=bearer(other)).json()
    assert [i["case_id"] for i in taken["items"]] == [case_id]
    released = client.post(
        f"/api/v1/cases/{case_id}/assign", json={"to": None, "version": 2}, headers=bearer(other)
    )
    assert released.json()["assigned_to"] is None
    free = client.get("/api/v1/cases?assigned=none", headers=bearer(other)).json()
    assert [i["case_id"] for i in free["items"]] == [case_id]


def test_a_case_goes_only_to_an_active_moderator(client: TestClient, moderator: Actor) -> None:
    doctor = make_actor(factory_of(client), "physician")
    case_id = file_report(client, "@to.nobody").json()["case_id"]
    answer = client.post(
        f"/api/v1/cases/{case_id}/assign",
        json={"to": _user_id(client, doctor.email)},
        headers=bearer(moderator),
    )
    assert answer.status_code == 409  # a state of that user, not a malformed body (issue 11)
    assert answer.json()["error"]["details"]["field"] == "to"


def test_closed_cases_leave_the_queue_unless_asked(client: TestClient, moderator: Actor) -> None:
    case_id = file_report(client, "@to.close").json()["case_id"]
    for version, body in enumerate(
        ({"to": "triaged"}, {"to": "closed", "outcome": "no_action"}), 1
    ):
        moved = client.post(
            f"/api/v1/cases/{case_id}/transition",
            json=body | {"version": version},
            headers=bearer(moderator),
        )
        assert moved.status_code == 200, moved.text
    assert client.get("/api/v1/cases", headers=bearer(moderator)).json()["items"] == []
    everything = client.get("/api/v1/cases?state=all", headers=bearer(moderator)).json()
    assert [i["case_id"] for i in everything["items"]] == [case_id]
    assert client.get("/api/v1/cases?state=bogus", headers=bearer(moderator)).status_code == 422


def test_the_case_page_takes_and_shows_who_has_it(client: TestClient, moderator: Actor) -> None:
    case_id = file_report(client, "@to.page").json()["case_id"]
    sign_in(client, moderator.email)
    path = f"/moderation/cas/{case_id}"
    taken = client.post(
        f"{path}/attribution",
        data={"to": "me", "version": 1, "csrf_token": csrf_token_of(client, path)},
        follow_redirects=False,
    )
    assert taken.status_code == 303
    page = html_escapes.unescape(client.get(path).text)
    assert f'id="case-assigned">{moderator.email}' in page
    stale = client.post(
        f"{path}/attribution",
        data={"to": "none", "version": 1, "csrf_token": csrf_token_of(client, path)},
    )
    assert stale.status_code == 409
    assert "Ce dossier vient d'être modifié par quelqu'un d'autre" in html_escapes.unescape(
        stale.text
    )
    queue = html_escapes.unescape(client.get("/moderation").text)
    assert moderator.email in queue.split(f'data-case="{case_id}"')[1].split("</tr>")[0]


def test_invalidating_a_mass_flagging_reporter_discounts_every_report(
    client: TestClient, moderator: Actor
) -> None:
    flooder = make_actor(factory_of(client), "reporter", "flood@example.test")
    honest = file_report(client, "@flooded.one").json()["case_id"]
    cases = [
        client.post(
            "/api/v1/reports",
            data={"platform": "instagram", "account": account, "description": "Fausse."},
            headers=bearer(flooder),
        ).json()["case_id"]
        for account in ("@flooded.one", "@flooded.two", "@flooded.two")
    ]
    assert cases[0] == honest
    before = {i["case_id"]: i["report_count"] for i in _queue(client, moderator)}
    assert before == {honest: 2, cases[1]: 2}
    flooder_id = _user_id(client, flooder.email)
    empty = client.post(
        f"/api/v1/reporters/{flooder_id}/invalidate",
        json={"reason": " "},
        headers=bearer(moderator),
    )
    assert empty.status_code == 422
    done = client.post(
        f"/api/v1/reporters/{flooder_id}/invalidate",
        json={"reason": "Campagne de signalements contre un concurrent."},
        headers=bearer(moderator),
    )
    assert done.status_code == 200, done.text
    assert done.json() == {"reporter_id": flooder_id, "reports": 3, "cases": sorted(cases[:2])}
    after = {i["case_id"]: i["report_count"] for i in _queue(client, moderator)}
    assert after == {honest: 1, cases[1]: 0}
    detail = client.get(f"/api/v1/cases/{cases[1]}", headers=bearer(moderator)).json()
    assert all(r["invalidated_at"] for r in detail["reports"])
    assert detail["events"][-1]["kind"] == "invalidate_reports"
    public = client.get("/api/v1/accounts", params={"q": "instagram.com/flooded.one"}).json()
    assert public["reports_under_review"] == 1
    again = client.post(
        f"/api/v1/reporters/{flooder_id}/invalidate",
        json={"reason": "Encore."},
        headers=bearer(moderator),
    )
    assert again.json()["reports"] == 0


def _queue(client: TestClient, moderator: Actor) -> list[dict[str, object]]:
    items: list[dict[str, object]] = client.get("/api/v1/cases", headers=bearer(moderator)).json()[
        "items"
    ]
    return items
