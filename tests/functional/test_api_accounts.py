"""Physicians' accounts through the HTTP edge, on both databases: a physician claims an account, a
moderator confirms it, and then every spelling of that account — on ``/verifier``, its JSON twin
and ``GET /api/v1/accounts`` — names the physician with their verdicts; the practitioner API lists
the account; an account citing the physician's RPPS without being theirs says so."""

from __future__ import annotations

import html as html_escapes
from typing import Any

from fastapi.testclient import TestClient

from registry.factories import Person, insert_snapshot
from report_helpers import Actor, bearer, factory_of, file_report, make_actor, sign_in
from vigie.config import Settings

SPELLINGS = (
    "https://www.instagram.com/dr.elodie.lyon/?igshid=abc123",
    "instagram.com/dr.elodie.lyon",
    "https://www.instagram.com/p/C0dEfGh/?img_index=1",  # a post: names no account
)


def _confirmed_physician(
    client: TestClient, settings: Settings, moderator: Actor
) -> tuple[Actor, str]:
    """A physician (RPPS confirmed) whose Instagram account a moderator confirmed."""
    factory = factory_of(client)
    (rpps,) = insert_snapshot(
        factory, [Person("SYNTHELODIE", "Elodie")], settings.index_dir
    ).identifiers
    doctor = make_actor(factory, "reporter", "elodie@example.test")
    assert client.post(
        "/api/v1/me/identity", json={"rpps": rpps}, headers=bearer(doctor)
    ).is_success
    users = client.get("/api/v1/users", headers=bearer(make_actor(factory, "admin"))).json()
    user_id = next(u["user_id"] for u in users["users"] if u["email"] == doctor.email)
    decided = client.post(
        f"/api/v1/users/{user_id}/identity", json={"accept": True}, headers=bearer(moderator)
    )
    assert decided.json()["status"] == "confirmed"
    claim = client.post(
        "/api/v1/me/handles",
        json={"account": "@dr.elodie.lyon", "platform": "instagram"},
        headers=bearer(doctor),
    )
    assert claim.status_code == 201, claim.text
    assert claim.json()["status"] == "pending"
    pending = client.get("/api/v1/handles", headers=bearer(moderator)).json()["claims"]
    assert [c["id"] for c in pending] == [claim.json()["id"]]
    answer = client.post(
        f"/api/v1/handles/{claim.json()['id']}/decision",
        json={"accept": True},
        headers=bearer(moderator),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "confirmed"
    return doctor, rpps


def _owner(data: dict[str, Any]) -> dict[str, Any]:
    owner = data["owner"]
    assert owner is not None, data
    return owner  # type: ignore[no-any-return]


def test_a_pending_claim_shows_nothing_publicly(client: TestClient) -> None:
    doctor = make_actor(factory_of(client), "physician")
    client.post(
        "/api/v1/me/handles",
        json={"account": "instagram.com/dr.elodie.lyon"},
        headers=bearer(doctor),
    )
    data = client.get("/api/v1/accounts", params={"q": "@dr.elodie.lyon"}).json()
    assert data["owner"] is None
    assert data["public_status"] == "no_reports"


def test_every_spelling_of_a_confirmed_account_names_the_physician(
    client: TestClient, settings: Settings, moderator: Actor
) -> None:
    _doctor, rpps = _confirmed_physician(client, settings, moderator)
    for spelling in SPELLINGS[:2]:
        api = client.get("/api/v1/accounts", params={"q": spelling}).json()
        assert (api["platform"], api["handle"]) == ("instagram", "dr.elodie.lyon")
        owner = _owner(api)
        assert (owner["identifier"], owner["last_name"]) == (rpps, "SYNTHELODIE")
        assert owner["verdicts"]["ha_filler"]["status"] == "authorised"
        assert owner["source_date"]
        assert owner["confirmed_at"]
        twin = client.get("/verifier.json", params={"q": spelling}).json()
        assert _owner(twin)["identifier"] == rpps
        page = html_escapes.unescape(client.get("/verifier", params={"q": spelling}).text)
        assert "Compte confirmé de Dr Elodie SYNTHELODIE" in page
        assert f"RPPS {rpps}" in page
    by_path = client.get("/api/v1/accounts/instagram/Dr.Elodie.Lyon").json()
    assert _owner(by_path)["identifier"] == rpps
    assert "risk" not in str(by_path).lower()
    assert "score" not in str(by_path).lower()
    practitioner = client.get(f"/api/v1/practitioners/{rpps}").json()
    assert [(a["platform"], a["handle"]) for a in practitioner["accounts"]] == [
        ("instagram", "dr.elodie.lyon")
    ]
    assert practitioner["accounts"][0]["url"] == "https://www.instagram.com/dr.elodie.lyon/"
    page_twin = client.get(f"/praticien/{rpps}.json").json()
    assert page_twin["practitioner"]["accounts"][0]["handle"] == "dr.elodie.lyon"
    assert "dr.elodie.lyon" in client.get(f"/praticien/{rpps}").text


def test_a_post_link_is_refused_with_advice(client: TestClient) -> None:
    answer = client.get("/api/v1/accounts", params={"q": SPELLINGS[2]})
    assert answer.status_code == 404  # well-formed text naming no account (issue 11)
    assert "profil" in answer.json()["error"]["message"]
    page = html_escapes.unescape(client.get("/verifier", params={"q": SPELLINGS[2]}).text)
    assert "Ce n'est pas un compte" in page


def test_an_account_citing_the_physicians_rpps_is_not_theirs(
    client: TestClient, settings: Settings, moderator: Actor
) -> None:
    doctor, rpps = _confirmed_physician(client, settings, moderator)
    filed = file_report(
        client,
        "@elodie.injections.lyon",
        description=f"Se présente comme la Dr Elodie Synthelodie, RPPS {rpps}, injecte à domicile.",
    )
    assert filed.status_code == 201, filed.text
    data = client.get(
        "/api/v1/accounts", params={"q": "instagram.com/elodie.injections.lyon"}
    ).json()
    assert data["owner"] is None
    assert [c["identifier"] for c in data["not_confirmed_for"]] == [rpps]
    assert (
        "n'est pas un compte confirmé de Dr Elodie SYNTHELODIE"
        in data["not_confirmed_for"][0]["message"]
    )
    sign_in(client, moderator.email)  # moderators see possible impersonation on the case
    case_page = html_escapes.unescape(client.get(f"/moderation/cas/{filed.json()['case_id']}").text)
    assert f"Usurpation possible : les textes citent le RPPS {rpps}" in case_page
    client.cookies.clear()
    sign_in(client, doctor.email)  # she sees it in her own space
    assert "elodie.injections.lyon" in client.get("/compte").text.split('id="citing-title"')[1]
    client.cookies.clear()
    # her own confirmed account cites nothing against her
    assert (
        client.get("/api/v1/accounts", params={"q": "@dr.elodie.lyon"}).json()["not_confirmed_for"]
        == []
    )


def test_claiming_an_account_with_open_cases_warns_claimant_and_moderator(
    client: TestClient, moderator: Actor
) -> None:
    case_id = file_report(client, "@lips.by.sarah").json()["case_id"]
    doctor = make_actor(factory_of(client), "physician")
    claim = client.post(
        "/api/v1/me/handles",
        json={"account": "instagram.com/lips.by.sarah"},
        headers=bearer(doctor),
    ).json()
    sign_in(client, doctor.email)
    mine = html_escapes.unescape(client.get("/compte").text)
    assert "fait l'objet de signalements en cours d'examen" in mine
    assert claim["code"] in mine
    client.cookies.clear()
    sign_in(client, moderator.email)
    queue = html_escapes.unescape(client.get("/moderation/comptes").text)
    assert f'href="/moderation/cas/{case_id}"' in queue
    assert claim["code"] in queue


def test_report_this_account_prefills_the_form(client: TestClient) -> None:
    page = html_escapes.unescape(
        client.get("/verifier", params={"q": "tiktok.com/@lips.by.jess"}).text
    )
    assert 'href="/signaler?compte=tiktok.com/%40lips.by.jess"' in page
    form = client.get("/signaler", params={"compte": "tiktok.com/@lips.by.jess"}).text
    assert 'value="tiktok.com/@lips.by.jess"' in form
    # The spelling says its platform, so the form does not ask it: it says what it understood.
    assert "Compte reconnu :" in form
    assert "TikTok · lips.by.jess" in html_escapes.unescape(form)
    assert 'id="platform-field" hidden' in form
