"""Sign-in throttling: past its free tries an account+client pair is challenged (one answer
whatever the password, a sign-in link mailed when it was right) instead of refused, so the owner is
never locked out; tries are claimed atomically (the concurrent half runs on PostgreSQL, where 60
parallel guesses used to get 32 password checks against a limit of 5).

Before: five wrong passwords locked the owner out (429 with the right password); then a growing
wait still refused the right password behind a shared address for up to 15 minutes."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from report_helpers import PASSWORD
from vigie.accounts.links import AccountLink, Purpose
from vigie.accounts.services import Challenge, CurrentUser, authenticate, create_user
from vigie.accounts.signin_throttle import (
    UNKNOWN_CLIENTS_FACTOR,
    SigninThrottle,
    claim_try,
    pair_key,
)
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import RateLimited

EMAIL = "owner@example.test"


@pytest.fixture
def owner(session_factory: sessionmaker[Session]) -> str:
    with transaction(session_factory) as session:
        create_user(session, EMAIL, PASSWORD, "moderator")
    return EMAIL


def test_a_pair_is_challenged_after_its_free_tries_others_are_not(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    seen = []
    for _ in range(settings.login_max_failures + 2):
        with transaction(session_factory) as session:
            seen.append(claim_try(session, settings, EMAIL, "ip:1", known=False))
    assert seen == [False] * settings.login_max_failures + [True, True]  # never refused
    with transaction(session_factory) as session:  # another client of the account: not concerned
        assert claim_try(session, settings, EMAIL, "ip:2", known=False) is False


def test_the_right_password_of_a_challenged_pair_mails_one_link_a_minute(
    settings: Settings, session_factory: sessionmaker[Session], owner: str
) -> None:
    for _ in range(settings.login_max_failures):
        assert authenticate(session_factory, settings, owner, "wrong password", "ip:1") is None
    wrong = authenticate(session_factory, settings, owner, "wrong password", "ip:1")
    right = authenticate(session_factory, settings, owner, PASSWORD, "ip:1")
    again = authenticate(session_factory, settings, owner, PASSWORD, "ip:1")
    assert wrong == Challenge(None)  # not a "no": the same answer as a right password gets
    assert isinstance(right, Challenge)
    assert right.mail is not None
    assert (right.mail.to, right.mail.template) == (owner, "signin_link")
    assert again == Challenge(None)  # a burst of right passwords: one message
    with session_factory() as session:
        sent = session.scalars(select(AccountLink)).all()
    assert [(link.purpose, link.client) for link in sent] == [(Purpose.SIGNIN, "ip:1")]


def test_a_success_clears_the_pair(
    settings: Settings, session_factory: sessionmaker[Session], owner: str
) -> None:
    for _ in range(settings.login_max_failures - 1):
        assert authenticate(session_factory, settings, owner, "wrong password", "ip:1") is None
    assert isinstance(authenticate(session_factory, settings, owner, PASSWORD, "ip:1"), CurrentUser)
    with transaction(session_factory) as session:
        assert session.get(SigninThrottle, pair_key(owner, "ip:1")) is None


def test_a_spread_attack_pauses_unknown_clients_only(
    settings: Settings, session_factory: sessionmaker[Session], owner: str
) -> None:
    strict = Settings(**settings.model_dump() | {"login_max_failures": 1})
    for address in range(UNKNOWN_CLIENTS_FACTOR):  # one guess from each of 50 addresses
        assert authenticate(session_factory, strict, owner, "guess", f"ip:10.1.0.{address}") is None
    with pytest.raises(RateLimited):  # a new machine waits
        authenticate(session_factory, strict, owner, PASSWORD, "ip:192.0.2.99")
    # the owner's browser, known from before
    user = authenticate(session_factory, strict, owner, PASSWORD, "device:abc", known=True)
    assert isinstance(user, CurrentUser)
    assert user.email == owner


def test_concurrent_guesses_get_at_most_the_free_tries_answered(
    request: pytest.FixtureRequest,
    settings: Settings,
    session_factory: sessionmaker[Session],
    owner: str,
) -> None:
    if "postgresql" not in request.node.name:
        pytest.skip("SQLite has a single writer: concurrency is PostgreSQL's to show")
    start = threading.Barrier(60)
    checked: list[bool] = []  # told "wrong password"
    challenged: list[bool] = []  # told nothing about the password
    refused: list[bool] = []

    def guess() -> None:
        start.wait()
        try:
            outcome = authenticate(session_factory, settings, owner, "guess", "ip:203.0.113.9")
            (challenged if isinstance(outcome, Challenge) else checked).append(outcome is None)
        except RateLimited:
            refused.append(True)

    threads = [threading.Thread(target=guess) for _ in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) + len(challenged) + len(refused) == 60
    assert all(checked)
    assert 1 <= len(checked) <= settings.login_max_failures
    with transaction(session_factory) as session:
        failures = session.scalar(
            select(SigninThrottle.failures).where(
                SigninThrottle.key == pair_key(owner, "ip:203.0.113.9")
            )
        )
    assert failures == len(checked) + len(challenged)  # every try was counted, none more
