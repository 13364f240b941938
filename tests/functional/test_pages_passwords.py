"""Passwords through the pages, on both databases, with mail delivered by a real SMTP server on
loopback: changing one ends every other session; "mot de passe oublié" and sign-up answer the
same whether the address is registered or not and mail a one-time, short-lived link; a challenged
sign-in (too many failures from one client) mails a sign-in link for the right password instead
of refusing it.

Before: no password change nor reset existed; sign-up said "a user with the email … already
exists"; the right password was refused (429) behind an address a guesser had used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from mail_helpers import body_of, mailed_link
from report_helpers import PASSWORD, Actor, csrf_token_of, factory_of, make_actor, sign_in
from smtp_server import Inbox, smtp_server
from vigie.accounts.links import AccountLink
from vigie.config import Settings
from vigie.reports.notifications import render
from vigie.reports.outbox import send_pending
from vigie.web.authn import DEVICE_COOKIE, SESSION_COOKIE
from vigie.web.i18n import LANG_COOKIE

NEW_PASSWORD = "a brand new passphrase"
PUBLIC = "https://vigie.example"


@pytest.fixture
def mailbox(settings: Settings) -> Iterator[tuple[Settings, Inbox]]:
    """The settings the drainer runs with (a loopback SMTP server, the public address)."""
    with smtp_server() as (url, inbox):
        update_ = {"smtp_url": url, "public_url": PUBLIC, "mail_from": "vigie@vigie.example"}
        yield settings.model_copy(update=update_), inbox


def _deliver(client: TestClient, mailbox: tuple[Settings, Inbox]) -> list[EmailMessage]:
    """Drain the outbox into the SMTP server; the messages it received by now."""
    drainer, inbox = mailbox
    result = send_pending(factory_of(client), drainer, render)
    assert result.failed == 0
    return inbox.messages


def _post(client: TestClient, path: str, page: str, **data: str) -> object:
    data["csrf_token"] = csrf_token_of(client, page)
    return client.post(path, data=data, follow_redirects=False)


def _uniform(html: str) -> str:
    """A page with what differs between any two requests (the CSRF token) taken out."""
    return re.sub(r'name="csrf_token" value="[^"]+"', "", html)


def _signed_in(client: TestClient) -> bool:
    return client.get("/compte", follow_redirects=False).status_code == 200


def _login(client: TestClient, email: str, password: str) -> object:
    return _post(client, "/connexion", "/connexion", email=email, password=password)


# 1. Changing the password -------------------------------------------------------------------


def test_changing_the_password_ends_every_other_session(
    client: TestClient, moderator: Actor
) -> None:
    sign_in(client, moderator.email)
    with TestClient(client.app) as laptop:
        sign_in(laptop, moderator.email)
        changed = _post(
            client,
            "/compte/mot-de-passe",
            "/compte",
            current_password=PASSWORD,
            password=NEW_PASSWORD,
            confirmation=NEW_PASSWORD,
        )
        assert changed.headers["location"].startswith("/compte?")  # type: ignore[attr-defined]
        assert not _signed_in(laptop)  # the other browser is signed out
    page = client.get(changed.headers["location"])  # type: ignore[attr-defined]
    assert page.status_code == 200  # this browser got a fresh session
    assert 'id="password-changed"' in page.text
    with TestClient(client.app) as other:
        assert _login(other, moderator.email, PASSWORD).status_code == 403  # type: ignore[attr-defined]
        assert _login(other, moderator.email, NEW_PASSWORD).status_code == 303  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("current", "new", "again", "says"),
    [
        ("not my password", NEW_PASSWORD, NEW_PASSWORD, "actuel n&#39;est pas le bon"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "!", "pas identiques"),
        (PASSWORD, "short one", "short one", "au moins 12 caractères"),
        (PASSWORD, "abababababababab", "abababababababab", "5 caractères différents"),
        (PASSWORD, "moderator is my name", "moderator is my name", "adresse e-mail"),
        (PASSWORD, PASSWORD, PASSWORD, "différent de l&#39;actuel"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(
    client: TestClient, moderator: Actor, current: str, new: str, again: str, says: str
) -> None:
    sign_in(client, moderator.email)
    answer = _post(
        client,
        "/compte/mot-de-passe",
        "/compte",
        current_password=current,
        password=new,
        confirmation=again,
    )
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert says in answer.text  # type: ignore[attr-defined]
    assert _signed_in(client)
    with TestClient(client.app) as other:
        assert _login(other, moderator.email, PASSWORD).status_code == 303  # type: ignore[attr-defined]


def test_guessing_the_current_password_from_a_session_is_limited(
    client: TestClient, moderator: Actor, settings: Settings
) -> None:
    sign_in(client, moderator.email)
    for _ in range(settings.login_max_failures):
        wrong = _post(
            client,
            "/compte/mot-de-passe",
            "/compte",
            current_password="guess",
            password=NEW_PASSWORD,
            confirmation=NEW_PASSWORD,
        )
        assert wrong.status_code == 422  # type: ignore[attr-defined]
    limited = _post(
        client,
        "/compte/mot-de-passe",
        "/compte",
        current_password=PASSWORD,
        password=NEW_PASSWORD,
        confirmation=NEW_PASSWORD,
    )
    assert limited.status_code == 429  # type: ignore[attr-defined]


# 2. Password reset and sign-up by e-mail, answering the same for any address ------------------


def test_forgotten_password_answers_the_same_and_mails_a_single_use_link(
    client: TestClient, mailbox: tuple[Settings, Inbox]
) -> None:
    owner = make_actor(factory_of(client), "reporter", "owner@example.test")
    with TestClient(client.app) as laptop:
        sign_in(laptop, owner.email)
        known = _post(client, "/mot-de-passe-oublie", "/mot-de-passe-oublie", email=owner.email)
        unknown = _post(
            client, "/mot-de-passe-oublie", "/mot-de-passe-oublie", email="nobody@example.test"
        )
        assert known.status_code == unknown.status_code == 200  # type: ignore[attr-defined]
        assert _uniform(known.text) == _uniform(unknown.text)  # type: ignore[attr-defined]
        messages = _deliver(client, mailbox)
        assert [m["To"] for m in messages] == [owner.email]  # nothing to an unknown address
        full, path = mailed_link(messages[0])
        assert full.startswith(f"{PUBLIC}/mot-de-passe/nouveau?jeton=")
        assert "30 minutes" in body_of(messages[0])
        form = client.get(path)
        assert form.status_code == 200
        assert owner.email in form.text
        token = path.partition("jeton=")[2]
        chosen = _post(
            client,
            "/mot-de-passe/nouveau",
            path,
            jeton=token,
            password=NEW_PASSWORD,
            confirmation=NEW_PASSWORD,
        )
        assert chosen.status_code == 303  # type: ignore[attr-defined]
        assert _signed_in(client)
        assert not _signed_in(laptop)  # a reset ends every other session
    assert client.get(path).status_code == 410  # single use
    again = client.post(
        "/mot-de-passe/nouveau",
        data={
            "csrf_token": csrf_token_of(client),
            "jeton": token,
            "password": "yet another passphrase",
            "confirmation": "yet another passphrase",
        },
    )
    assert again.status_code == 410
    with TestClient(client.app) as other:
        assert _login(other, owner.email, PASSWORD).status_code == 403  # type: ignore[attr-defined]
        assert _login(other, owner.email, NEW_PASSWORD).status_code == 303  # type: ignore[attr-defined]


def test_an_expired_or_forged_reset_link_is_refused(
    client: TestClient, mailbox: tuple[Settings, Inbox]
) -> None:
    owner = make_actor(factory_of(client), "reporter", "owner@example.test")
    _post(client, "/mot-de-passe-oublie", "/mot-de-passe-oublie", email=owner.email)
    _full, path = mailed_link(_deliver(client, mailbox)[0])
    assert client.get(path + "x").status_code == 410  # a signature that does not match
    with factory_of(client)() as session, session.begin():
        session.execute(update(AccountLink).values(expires_at=AccountLink.created_at))
    expired = client.get(path)
    assert expired.status_code == 410
    assert "plus valable" in expired.text


def test_the_reset_link_never_follows_the_request_host(
    client: TestClient, mailbox: tuple[Settings, Inbox]
) -> None:
    owner = make_actor(factory_of(client), "reporter", "owner@example.test")
    client.post(
        "/mot-de-passe-oublie",
        data={"csrf_token": csrf_token_of(client, "/mot-de-passe-oublie"), "email": owner.email},
        headers={"host": "evil.example", "x-forwarded-host": "evil.example"},
    )
    messages = _deliver(client, mailbox)
    assert messages, "no reset mail"
    full, _path = mailed_link(messages[0])
    assert full.startswith(PUBLIC)
    assert "evil.example" not in body_of(messages[0])


def test_sign_up_answers_the_same_and_the_mailbox_confirms(
    client: TestClient, mailbox: tuple[Settings, Inbox]
) -> None:
    existing = make_actor(factory_of(client), "reporter", "taken@example.test")
    fresh = _post(client, "/inscription", "/inscription", email="new@example.test")
    taken = _post(client, "/inscription", "/inscription", email=existing.email)
    assert fresh.status_code == taken.status_code == 200  # type: ignore[attr-defined]
    assert _uniform(fresh.text) == _uniform(taken.text)  # type: ignore[attr-defined]
    assert "Si cette adresse n&#39;a pas encore de compte" in fresh.text  # type: ignore[attr-defined]
    messages = {m["To"]: m for m in _deliver(client, mailbox)}
    assert "déjà un compte" in str(messages[existing.email]["Subject"])
    _full, reset_path = mailed_link(messages[existing.email])
    assert reset_path.startswith("/mot-de-passe/nouveau?")  # the owner may reset, nothing else
    with TestClient(client.app) as other:  # no account before the mailbox confirms
        assert _login(other, "new@example.test", NEW_PASSWORD).status_code == 403  # type: ignore[attr-defined]
    _full, path = mailed_link(messages["new@example.test"])
    assert path.startswith("/inscription/confirmer?")
    confirmed = _post(
        client,
        "/inscription/confirmer",
        path,
        jeton=path.partition("jeton=")[2],
        password=NEW_PASSWORD,
        confirmation=NEW_PASSWORD,
    )
    assert confirmed.headers["location"] == "/compte"  # type: ignore[attr-defined]
    assert _signed_in(client)
    assert client.get(path).status_code == 410
    with TestClient(client.app) as other:
        assert _login(other, "new@example.test", NEW_PASSWORD).status_code == 303  # type: ignore[attr-defined]


def test_a_mailbox_is_not_flooded_through_the_forms(
    client: TestClient, mailbox: tuple[Settings, Inbox]
) -> None:
    owner = make_actor(factory_of(client), "reporter", "owner@example.test")
    for _ in range(8):
        with TestClient(client.app) as browser:  # the per-address limit, whoever asks
            _post(browser, "/mot-de-passe-oublie", "/mot-de-passe-oublie", email=owner.email)
    assert 1 <= len(_deliver(client, mailbox)) <= 5


# 3. A challenged sign-in mails a link for the right password -----------------------------------


def test_the_right_password_after_a_strangers_guesses_gets_a_link_not_a_refusal(
    client: TestClient, moderator: Actor, settings: Settings, mailbox: tuple[Settings, Inbox]
) -> None:
    client.cookies.clear()  # the owner, on a new browser behind the guesser's address
    with TestClient(client.app) as stranger:
        for _ in range(settings.login_max_failures):
            assert _login(stranger, moderator.email, "guessing").status_code == 403  # type: ignore[attr-defined]
        wrong = _login(stranger, moderator.email, "guessing")
    right = _login(client, moderator.email, PASSWORD)
    assert right.status_code == wrong.status_code == 202  # type: ignore[attr-defined]
    assert _uniform(right.text) == _uniform(wrong.text)  # type: ignore[attr-defined]
    assert "un lien de connexion vient d&#39;y être envoyé" in right.text  # type: ignore[attr-defined]
    assert SESSION_COOKIE not in client.cookies
    messages = _deliver(client, mailbox)
    assert [m["To"] for m in messages] == [moderator.email]  # the right password only
    _full, path = mailed_link(messages[0])
    assert path.startswith("/connexion/lien?")
    assert client.get(path).status_code == 200  # a scanner fetching the link spends nothing
    done = _post(client, "/connexion/lien", path, jeton=path.partition("jeton=")[2])
    assert done.headers["location"] == "/moderation"  # type: ignore[attr-defined]
    assert _signed_in(client)
    assert DEVICE_COOKIE in client.cookies  # a known browser from now on
    assert client.get(path).status_code == 410


def test_the_page_warns_before_the_challenge(
    client: TestClient, moderator: Actor, settings: Settings
) -> None:
    client.cookies.clear()
    answers = [
        _login(client, moderator.email, "guessing").text  # type: ignore[attr-defined]
        for _ in range(settings.login_max_failures)
    ]
    assert "se confirmera par un lien" not in answers[0]
    assert "se confirmera par un lien" in answers[-1]


def test_a_reset_asked_from_the_english_site_is_mailed_in_english(
    client: TestClient, mailbox: tuple[Settings, Inbox]
) -> None:
    owner = make_actor(factory_of(client), "reporter", "owner@example.test")
    client.cookies.set(LANG_COOKIE, "en")
    _post(client, "/mot-de-passe-oublie", "/mot-de-passe-oublie", email=owner.email)
    (message,) = _deliver(client, mailbox)
    assert message["Subject"] == "Choose a new Vigie password — Vigie"
    body = body_of(message)
    assert body.startswith("Hello,")
    assert "valid for 30 minutes and works only once" in body
    assert "Bonjour" not in body
    _full, path = mailed_link(message)
    assert path.endswith("&lang=en")  # the link opens the English page, whatever the browser
    client.cookies.clear()
    page = client.get(path)
    assert page.status_code == 200
    assert '<html lang="en"' in page.text
