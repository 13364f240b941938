"""HTML pages of the reports and accounts domains over the app, on both databases: sign-up, the
physician's claim and its confirmation by a moderator, sign-in rate limiting, merge and split from
the case page, statistics with accessible charts, the public account summary."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from mail_helpers import outbox_link
from registry.factories import Person, insert_snapshot
from report_helpers import PASSWORD, app_client, csrf_token_of, factory_of, file_report, make_actor
from vigie.config import Settings
from vigie.reports.services import public_account_summary


def _post(client: TestClient, path: str, form_page: str, **data: str) -> object:
    data["csrf_token"] = csrf_token_of(client, form_page)
    return client.post(path, data=data, follow_redirects=False)


def _login(client: TestClient, email: str, password: str = PASSWORD) -> int:
    answer = _post(client, "/connexion", "/connexion", email=email, password=password)
    return answer.status_code  # type: ignore[attr-defined,no-any-return]


def test_physician_signs_up_claims_rpps_and_a_moderator_confirms(
    settings: Settings, client: TestClient
) -> None:
    factory = factory_of(client)
    rpps = insert_snapshot(factory, [Person("SYNTHEDOC", "Aline")], settings.index_dir).identifiers[
        0
    ]
    moderator = make_actor(factory, "moderator")
    assert (
        _post(client, "/inscription", "/inscription", email="doc@example.test").status_code == 200
    )  # type: ignore[attr-defined]
    confirm = outbox_link(factory, settings, "doc@example.test")  # the mailbox confirms
    signed = _post(
        client,
        "/inscription/confirmer",
        confirm,
        jeton=confirm.partition("jeton=")[2],
        password=PASSWORD,
        confirmation=PASSWORD,
    )
    assert signed.headers["location"] == "/compte"  # type: ignore[attr-defined]
    assert client.get("/moderation", follow_redirects=False).status_code == 403
    assert _post(client, "/compte/rpps", "/compte", rpps=rpps).status_code == 303  # type: ignore[attr-defined]
    assert "en attente" in client.get("/compte").text
    linked = _post(
        client, "/compte/comptes", "/compte", platform="", account="instagram.com/dr.aline/"
    )
    assert linked.status_code == 303  # type: ignore[attr-defined]
    space = client.get("/compte").text
    assert "Instagram : dr.aline" in space
    assert 'data-claim-status="pending"' in space
    filed = client.post(
        "/signaler",
        data={
            "csrf_token": csrf_token_of(client, "/signaler"),
            "platform": "snapchat",
            "account": "botox.chez.moi",
        },
        files=[("evidence", ("", b"", "application/octet-stream"))],
        follow_redirects=False,
    )
    assert filed.status_code == 303
    assert "snapchat:@botox.chez.moi" in client.get("/compte").text

    with app_client(settings) as mod:
        assert _login(mod, moderator.email) == 303
        listing = mod.get("/moderation/identites").text
        assert "SYNTHEDOC" in listing
        user_id = re.search(r'/moderation/identites/(\d+)"', listing)
        assert user_id is not None
        decided = _post(
            mod,
            f"/moderation/identites/{user_id.group(1)}",
            "/moderation/identites",
            decision="accept",
        )
        assert decided.status_code == 303  # type: ignore[attr-defined]
    page = client.get("/compte").text
    assert "Médecin" in page
    assert "vérifié" in page


def test_sign_in_is_rate_limited_and_sign_out_works(settings: Settings, client: TestClient) -> None:
    moderator = make_actor(factory_of(client), "moderator")
    for _ in range(settings.login_max_failures):
        assert _login(client, moderator.email, "not the password") == 403
    assert _login(client, moderator.email) == 202  # challenged: a link by e-mail, no session
    with app_client(settings) as other:
        other.cookies.clear()
        assert _login(other, "ot\x00her@example.test", "whatever-password") == 403  # NUL: no 500


def test_merge_and_split_from_the_case_page(client: TestClient) -> None:
    moderator = make_actor(factory_of(client), "moderator")
    one = file_report(client, "@alias.page.one").json()
    two = file_report(client, "@alias.page.two").json()
    assert _login(client, moderator.email) == 303
    page = f"/moderation/cas/{one['case_id']}"
    merged = _post(client, f"{page}/fusion", page, other_case_id=str(two["case_id"]))
    assert merged.status_code == 303  # type: ignore[attr-defined]
    text = client.get(page).text
    assert "alias.page.two" in text
    assert "Séparer ce compte" in text
    split = _post(client, f"/moderation/signalements/{two['report_id']}/separer", page)
    assert split.status_code == 303  # type: ignore[attr-defined]
    assert "alias.page.two" not in client.get(page).text
    self_merge = _post(client, f"{page}/fusion", page, other_case_id=str(one["case_id"]))
    assert self_merge.status_code == 422  # type: ignore[attr-defined]


def test_stale_form_version_shows_a_conflict(client: TestClient) -> None:
    moderator = make_actor(factory_of(client), "moderator")
    case_id = file_report(client).json()["case_id"]
    assert _login(client, moderator.email) == 303
    page = f"/moderation/cas/{case_id}"
    first = _post(client, f"{page}/transition", page, to="triaged", version="1")
    assert first.status_code == 303  # type: ignore[attr-defined]
    second = _post(
        client, f"{page}/transition", page, to="closed", outcome="no_action", version="1"
    )
    assert second.status_code == 409  # type: ignore[attr-defined]
    assert "modifié par quelqu" in second.text  # type: ignore[attr-defined]


def test_stats_page_has_charts_with_text_equivalents(client: TestClient) -> None:
    file_report(client, department="2A", contact_email="private@example.test")
    file_report(client, "@second.acct", "tiktok", department="2A")
    page = client.get("/stats").text
    assert page.count("<svg") == 8  # no case closed yet: the outcome chart says so in words
    assert "Pas encore de données" in page
    assert 'role="img"' in page
    assert "<desc" in page
    assert "<table>" in page
    assert "Corse-du-Sud" in page or "2A" in page
    assert "private@example.test" not in page
    assert "second.acct" not in page
    assert "http://" not in page.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org/2000/svg", ""
    )


def test_public_account_summary_never_names_anyone(client: TestClient) -> None:
    file_report(
        client, "https://www.instagram.com/summary.acct/", "", contact_email="x@example.test"
    )
    file_report(client, "@Summary.Acct", "instagram")
    with factory_of(client)() as session:
        summary = public_account_summary(session, "@summary.acct")
        assert summary is not None
        assert (summary.platform, summary.handle) == ("instagram", "summary.acct")
        assert summary.status.public_status == "under_review"
        assert summary.status.reports_under_review == 2
        assert summary.status.message.startswith("2 signalements en cours d'examen")
        assert "x@example.test" not in repr(summary)
        assert public_account_summary(session, "instagram.com/summary.acct") == summary
        assert public_account_summary(session, "@nobody.here") is None
        assert public_account_summary(session, "Marie Dupont Lyon") is None
        assert public_account_summary(session, "a" * 5000) is None


def test_sign_in_never_redirects_off_site(client: TestClient) -> None:
    moderator = make_actor(factory_of(client), "moderator")
    answer = _post(
        client,
        "/connexion",
        "/connexion",
        email=moderator.email,
        password=PASSWORD,
        next="//evil.example/x",
    )
    assert answer.headers["location"] == "/"  # type: ignore[attr-defined]
    signed_out = client.post(
        "/deconnexion",
        data={"csrf_token": csrf_token_of(client, "/moderation")},
        follow_redirects=False,
    )
    assert signed_out.status_code == 303
    assert (
        client.get("/moderation", follow_redirects=False)
        .headers["location"]
        .startswith("/connexion?next=")
    )
