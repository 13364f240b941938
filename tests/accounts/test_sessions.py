"""Server-side sessions: a cookie stops working when its session ends — signed out, revoked by a
role change or an admin, idle too long, or past its absolute lifetime — on every worker.

Before: a session cookie was valid for 8 hours whatever happened, sign-out included."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import Engine, update

from report_helpers import Actor, app_client, csrf_token_of, factory_of, make_actor, sign_in
from vigie.accounts import sessions
from vigie.accounts.services import create_user, revoke_tokens, set_role, user_by_email
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.web.authn import SESSION_COOKIE


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with app_client(settings) as test_client:
        yield test_client


@pytest.fixture
def moderator(client: TestClient) -> Actor:
    actor = make_actor(factory_of(client), "moderator")
    sign_in(client, actor.email)
    return actor


def _session_cookie(client: TestClient) -> str:
    """The cookie the last sign-in set, taken out of the jar (each check sends its own)."""
    value = client.cookies[SESSION_COOKIE]
    client.cookies.delete(SESSION_COOKIE)
    return value


def _signed_in(client: TestClient, cookie: str) -> bool:
    client.cookies.set(SESSION_COOKIE, cookie)
    answer = client.get("/moderation", follow_redirects=False)
    client.cookies.delete(SESSION_COOKIE)
    assert answer.status_code in (200, 303), answer.text
    return answer.status_code == 200


def test_a_cookie_replayed_after_sign_out_is_refused(client: TestClient, moderator: Actor) -> None:
    cookie = _session_cookie(client)
    assert _signed_in(client, cookie)
    client.cookies.set(SESSION_COOKIE, cookie)
    out = client.post(
        "/deconnexion", data={"csrf_token": csrf_token_of(client)}, follow_redirects=False
    )
    client.cookies.delete(SESSION_COOKIE)
    assert out.status_code == 303
    assert not _signed_in(client, cookie)  # the stolen copy is worthless now


def test_a_role_change_or_an_admin_ends_every_session(client: TestClient, moderator: Actor) -> None:
    cookie = _session_cookie(client)
    factory = factory_of(client)
    with transaction(factory) as session:
        admin = create_user(session, "admin@example.test", "an admin password!", "admin")
        user_id = user_by_email(session, moderator.email).id
        set_role(session, admin, user_id, "reporter")
    assert not _signed_in(client, cookie)
    with transaction(factory) as session:
        set_role(session, admin, user_id, "moderator")
    sign_in(client, moderator.email)  # signing in again right away works
    fresh = _session_cookie(client)
    assert _signed_in(client, fresh)
    with transaction(factory) as session:
        revoke_tokens(session, moderator.email)  # `vigie users revoke-tokens`: a lost laptop
    assert not _signed_in(client, fresh)


def test_an_idle_session_ends(client: TestClient, moderator: Actor, settings: Settings) -> None:
    cookie = _session_cookie(client)
    assert _signed_in(client, cookie)  # recorded as used now
    long_ago = sessions.now_ms() // 1000 - settings.session_idle_seconds - 5
    with transaction(factory_of(client)) as session:
        session.execute(update(sessions.UserSession).values(last_seen=long_ago))
    assert not _signed_in(client, cookie)


def test_a_session_ends_at_its_absolute_lifetime(
    client: TestClient, moderator: Actor, settings: Settings
) -> None:
    serializer = URLSafeTimedSerializer(settings.secret_key, salt="vigie.session")
    data = serializer.loads(_session_cookie(client))
    assert _signed_in(client, serializer.dumps(data))
    old = data | {"iat": data["iat"] - (settings.session_max_age_seconds + 5) * 1000}
    assert not _signed_in(client, serializer.dumps(old))
