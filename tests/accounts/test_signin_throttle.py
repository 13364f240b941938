"""Sign-in throttling: waits that grow per account and client, that never lock the owner out, and
tries claimed atomically (the concurrent half runs on PostgreSQL, where 60 parallel guesses used
to get 32 password checks against a limit of 5)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from report_helpers import PASSWORD
from vigie.accounts.services import authenticate, create_user
from vigie.accounts.signin_throttle import (
    UNKNOWN_CLIENTS_FACTOR,
    SigninThrottle,
    claim_try,
    delay_after,
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


def test_waits_grow_after_the_free_tries(settings: Settings) -> None:
    free = settings.login_max_failures
    assert [delay_after(n, settings) for n in range(free)] == [0] * free
    assert [delay_after(free + k, settings) for k in range(4)] == [2, 4, 8, 16]
    assert delay_after(free + 40, settings) == settings.login_window_seconds


def test_a_pair_waits_then_tries_again(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    now = 1_000_000
    for _ in range(settings.login_max_failures):
        with transaction(session_factory) as session:
            claim_try(session, settings, EMAIL, "ip:1", known=False, now=now)
    with pytest.raises(RateLimited) as refused, transaction(session_factory) as session:
        claim_try(session, settings, EMAIL, "ip:1", known=False, now=now + 1)
    assert refused.value.details == {"retry_after_seconds": 1}
    with transaction(session_factory) as session:  # the wait is over; the next one is longer
        claim_try(session, settings, EMAIL, "ip:1", known=False, now=now + 2)
    with pytest.raises(RateLimited) as refused, transaction(session_factory) as session:
        claim_try(session, settings, EMAIL, "ip:1", known=False, now=now + 3)
    assert refused.value.details == {"retry_after_seconds": 3}
    with transaction(session_factory) as session:  # another client of the account: not slowed
        claim_try(session, settings, EMAIL, "ip:2", known=False, now=now + 3)


def test_a_success_clears_the_pair(
    settings: Settings, session_factory: sessionmaker[Session], owner: str
) -> None:
    for _ in range(settings.login_max_failures - 1):
        with transaction(session_factory) as session:
            assert authenticate(session, settings, owner, "wrong password", "ip:1") is None
    with transaction(session_factory) as session:
        assert authenticate(session, settings, owner, PASSWORD, "ip:1") is not None
    with transaction(session_factory) as session:
        assert session.get(SigninThrottle, pair_key(owner, "ip:1")) is None


def test_a_spread_attack_pauses_unknown_clients_only(
    settings: Settings, session_factory: sessionmaker[Session], owner: str
) -> None:
    strict = Settings(**settings.model_dump() | {"login_max_failures": 1})
    for address in range(UNKNOWN_CLIENTS_FACTOR):  # one guess from each of 50 addresses
        with transaction(session_factory) as session:
            assert authenticate(session, strict, owner, "guess", f"ip:10.1.0.{address}") is None
    with pytest.raises(RateLimited), transaction(session_factory) as session:
        authenticate(session, strict, owner, PASSWORD, "ip:192.0.2.99")  # a new machine waits
    with transaction(session_factory) as session:  # the owner's browser, known from before
        user = authenticate(session, strict, owner, PASSWORD, "device:abc", known=True)
    assert user is not None
    assert user.email == owner


def test_concurrent_guesses_get_at_most_the_free_password_checks(
    request: pytest.FixtureRequest,
    settings: Settings,
    session_factory: sessionmaker[Session],
    owner: str,
) -> None:
    if "postgresql" not in request.node.name:
        pytest.skip("SQLite has a single writer: concurrency is PostgreSQL's to show")
    start = threading.Barrier(60)
    checked: list[bool] = []
    refused: list[bool] = []

    def guess() -> None:
        start.wait()
        try:
            with transaction(session_factory) as session:
                assert authenticate(session, settings, owner, "guess", "ip:203.0.113.9") is None
            checked.append(True)
        except RateLimited:
            refused.append(True)

    threads = [threading.Thread(target=guess) for _ in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) + len(refused) == 60
    assert 1 <= len(checked) <= settings.login_max_failures
    with transaction(session_factory) as session:
        failures = session.scalar(
            select(SigninThrottle.failures).where(
                SigninThrottle.key == pair_key(owner, "ip:203.0.113.9")
            )
        )
    assert failures == len(checked)  # every password check was counted, none more
