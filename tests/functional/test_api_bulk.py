"""Bulk actions on a selection of the queue, through the API and the queue page, on both
databases: all or nothing, a stale row named in French, every change audited on its case."""

from __future__ import annotations

import html as html_escapes
from typing import Any

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
        return session.query(User).filter_by(email=email).one().id


def _cases(client: TestClient, *handles: str) -> list[int]:
    return [file_report(client, "@" + handle).json()["case_id"] for handle in handles]


def _detail(client: TestClient, who: Actor, case_id: int) -> dict[str, Any]:
    answer: dict[str, Any] = client.get(f"/api/v1/cases/{case_id}", headers=bearer(who)).json()
    return answer


def test_bulk_assign_is_all_or_nothing_and_names_the_stale_row(
    client: TestClient, moderator: Actor
) -> None:
    other = make_actor(factory_of(client), "moderator", "collegue@example.test")
    first, second, third = _cases(client, "bulk.one", "bulk.two", "bulk.three")
    moved = client.post(
        f"/api/v1/cases/{second}/transition",
        json={"to": "triaged", "version": 1},
        headers=bearer(other),
    )
    assert moved.status_code == 200
    stale = client.post(
        "/api/v1/cases/bulk",
        json={
            "action": "assign",
            "to": _user_id(client, moderator.email),
            "cases": [{"case_id": c, "version": 1} for c in (first, second, third)],
        },
        headers=bearer(moderator),
    )
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["message"].startswith(f"Dossier n° {second} : il a été modifié")
    assert "Rien n'a été changé" in error["message"]
    assert error["details"]["case_id"] == second
    assert _detail(client, moderator, first)["assigned_to"] is None  # not half-done
    assert [e["kind"] for e in _detail(client, moderator, first)["events"]] == ["case_opened"]

    done = client.post(
        "/api/v1/cases/bulk",
        json={
            "action": "assign",
            "to": _user_id(client, moderator.email),
            "cases": [
                {"case_id": first, "version": 1},
                {"case_id": second, "version": 2},
                {"case_id": third, "version": 1},
            ],
        },
        headers=bearer(moderator),
    )
    assert done.status_code == 200, done.text
    assert done.json()["cases"] == [
        {"case_id": first, "version": 2},
        {"case_id": second, "version": 3},
        {"case_id": third, "version": 2},
    ]
    for case_id in (first, second, third):
        detail = _detail(client, moderator, case_id)
        assert detail["assigned_to"]["email"] == moderator.email
        assert detail["events"][-1]["kind"] == "assign"
        assert detail["events"][-1]["actor"] == "Modérateur · moderator@…"


def test_bulk_close_as_duplicate_merges_into_the_case_kept(
    client: TestClient, moderator: Actor
) -> None:
    kept, copy_one, copy_two = _cases(client, "dup.kept", "dup.one", "dup.two")
    itself = client.post(
        "/api/v1/cases/bulk",
        json={
            "action": "close_duplicate",
            "duplicate_of": kept,
            "cases": [{"case_id": kept, "version": 1}, {"case_id": copy_one, "version": 1}],
        },
        headers=bearer(moderator),
    )
    assert itself.status_code == 409
    assert f"Le dossier n° {kept} est dans la sélection" in itself.json()["error"]["message"]
    missing = client.post(
        "/api/v1/cases/bulk",
        json={"action": "close_duplicate", "duplicate_of": 999_999, "cases": [
            {"case_id": copy_one, "version": 1}]},
        headers=bearer(moderator),
    )  # fmt: skip
    assert missing.status_code == 404
    assert "Aucun dossier n° 999999" in missing.json()["error"]["message"]
    done = client.post(
        "/api/v1/cases/bulk",
        json={
            "action": "close_duplicate",
            "duplicate_of": kept,
            "cases": [{"case_id": copy_one, "version": 1}, {"case_id": copy_two, "version": 1}],
        },
        headers=bearer(moderator),
    )
    assert done.status_code == 200, done.text
    for copy in (copy_one, copy_two):
        detail = _detail(client, moderator, copy)
        assert (detail["status"], detail["outcome"], detail["merged_into"]) == (
            "closed",
            "duplicate",
            kept,
        )
        assert detail["events"][-1]["comment"] == f"Doublon du dossier n° {kept}."
    assert _detail(client, moderator, kept)["report_count"] == 3
    again = client.post(
        "/api/v1/cases/bulk",
        json={"action": "close_duplicate", "duplicate_of": kept, "cases": [
            {"case_id": copy_one, "version": 2}]},
        headers=bearer(moderator),
    )  # fmt: skip
    assert again.status_code == 409
    assert again.json()["error"]["message"] == (
        f"Dossier n° {copy_one} : il a déjà été fusionné dans le n° {kept}. "
        "Rien n'a été changé dans la sélection."
    )
    for body, field in (
        ({"action": "assign", "cases": []}, "cases"),
        ({"action": "delete", "cases": [{"case_id": kept, "version": 1}]}, "action"),
        ({"action": "close_duplicate", "cases": [{"case_id": kept, "version": 2}]}, "duplicate_of"),
    ):
        refused = client.post("/api/v1/cases/bulk", json=body, headers=bearer(moderator))
        assert refused.status_code == 422, body
        assert refused.json()["error"]["details"]["field"] == field
    reporter = make_actor(factory_of(client), "reporter")
    forbidden = client.post(
        "/api/v1/cases/bulk", json={"action": "assign", "cases": []}, headers=bearer(reporter)
    )
    assert forbidden.status_code == 403


def test_the_queue_page_assigns_a_selection_to_me_in_one_form(
    client: TestClient, moderator: Actor
) -> None:
    cases = _cases(client, "page.one", "page.two", "page.three")
    sign_in(client, moderator.email)
    queue = client.get("/moderation").text
    for case_id in cases:
        assert f'name="case" value="{case_id}:1"' in queue
    token = csrf_token_of(client, "/moderation")
    picked = {"case": [f"{c}:1" for c in cases]}
    no_token = client.post(
        "/moderation/lot", data=picked | {"action": "assign_me"}, follow_redirects=False
    )
    assert no_token.status_code == 403
    done = client.post(
        "/moderation/lot",
        data=picked | {"action": "assign_me", "csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/moderation?fait=assign_me&n=3"
    after = html_escapes.unescape(client.get(done.headers["location"]).text)
    assert "3 dossier(s) vous sont attribués." in after
    mine = client.get("/api/v1/cases?assigned=me", headers=bearer(moderator)).json()
    assert sorted(i["case_id"] for i in mine["items"]) == sorted(cases)

    stale = client.post(
        "/moderation/lot",
        data=picked | {"action": "assign_me", "csrf_token": token},
    )
    assert stale.status_code == 409
    page = html_escapes.unescape(stale.text)
    assert f"Dossier n° {cases[0]} : il a été modifié par quelqu'un d'autre" in page
    assert f'value="{cases[0]}:2" id="pick-{cases[0]}" checked' in page  # the selection kept
    english = client.post(
        "/moderation/lot?lang=en",
        data=picked | {"action": "assign_me", "csrf_token": token},
    )
    assert f"Case {cases[0]}: someone else changed it" in html_escapes.unescape(english.text)
    empty = client.post("/moderation/lot", data={"action": "assign_me", "csrf_token": token})
    assert empty.status_code == 422
    assert "Cochez au moins un dossier." in html_escapes.unescape(empty.text)
    enter = client.post(
        "/moderation/lot",
        data=picked | {"action": "assign_me", "duplicate_of": "7", "csrf_token": token},
    )
    assert enter.status_code == 422  # Enter in the number field: nothing guessed, nothing done
    colleague = make_actor(factory_of(client), "moderator", "collegue@example.test")
    handed_case = _cases(client, "page.handed")[0]
    pick = {"case": f"{handed_case}:1", "csrf_token": token}
    nobody = client.post("/moderation/lot", data=pick | {"action": "assign_to"})
    assert nobody.status_code == 422
    assert "Choisissez le collègue" in html_escapes.unescape(nobody.text)
    handed = client.post(
        "/moderation/lot",
        data=pick | {"action": "assign_to", "to": str(_user_id(client, colleague.email))},
        follow_redirects=False,
    )
    assert handed.status_code == 303
    assert _detail(client, moderator, handed_case)["assigned_to"]["email"] == colleague.email


def test_every_queue_filter_is_on_the_page(client: TestClient, moderator: Actor) -> None:
    sign_in(client, moderator.email)
    page = client.get("/moderation?older_than=0&harm=true").text
    for name in ("status", "platform", "department", "harm", "impersonation", "assigned"):
        assert f'name="{name}"' in page, name
    assert 'name="older_than"' in page
    assert '<option value="me"' in page
    assert client.get("/moderation?older_than=").status_code == 200  # the form sends it empty
    assert client.get("/moderation?older_than=abc").status_code == 422
    old = _cases(client, "age.case")[0]
    fresh = client.get("/api/v1/cases?older_than=1", headers=bearer(moderator)).json()
    assert old not in [i["case_id"] for i in fresh["items"]]
    today = client.get("/api/v1/cases?older_than=0", headers=bearer(moderator)).json()
    assert old in [i["case_id"] for i in today["items"]]
