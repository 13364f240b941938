"""Users, tokens, rate limiting (stored in the database) and physician identity claims, on both
databases."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from registry.factories import Person, insert_snapshot
from report_helpers import PASSWORD
from vigie.accounts import identity
from vigie.accounts.services import (
    Challenge,
    CurrentUser,
    authenticate,
    create_user,
    issue_token,
    user_for_token,
)
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import Conflict, InvalidInput


def test_tokens_are_stored_hashed_and_resolve(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        create_user(session, "mod@example.test", PASSWORD, "moderator")
        token = issue_token(session, "MOD@example.test")
    with session_factory() as session:
        user = user_for_token(session, token)
        assert user is not None
        assert user.role == "moderator"
        assert user_for_token(session, token + "x") is None
        stored = session.execute(text("SELECT token_sha256 FROM user_api_token")).all()
        assert token not in str(stored)


def test_weak_password_and_duplicate_email(session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(InvalidInput), transaction(session_factory) as session:
        create_user(session, "a@example.test", "short", "reporter")
    with transaction(session_factory) as session:
        create_user(session, "a@example.test", PASSWORD, "reporter")
    with pytest.raises(Conflict), transaction(session_factory) as session:
        create_user(session, "A@example.test", PASSWORD, "reporter")


def test_failures_from_one_client_never_lock_the_owner_out_elsewhere(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    """Used to be: five failures from anywhere refused the right password from everywhere. Now the
    guessing client is challenged (the right password gets a mailed link, not a refusal)."""
    with transaction(session_factory) as session:
        create_user(session, "target@example.test", PASSWORD, "moderator")
    for _ in range(settings.login_max_failures):
        assert (  # a new session each time: another worker
            authenticate(session_factory, settings, "target@example.test", "wrong!", "ip:10.0.0.1")
            is None
        )
    challenged = authenticate(
        session_factory, settings, "target@example.test", PASSWORD, "ip:10.0.0.1"
    )
    assert isinstance(challenged, Challenge)
    assert challenged.mail is not None  # a sign-in link, to the owner's mailbox
    owner = authenticate(session_factory, settings, "target@example.test", PASSWORD, "ip:10.0.0.2")
    assert isinstance(owner, CurrentUser)
    assert owner.email == "target@example.test"


def test_physician_claim_needs_a_registry_physician_and_a_moderator(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    people = [Person("SYNTHEDOC", "Aline"), Person("SYNTHENURSE", "Brune", profession_code="60")]
    physician_rpps, nurse_rpps = insert_snapshot(
        session_factory, people, settings.index_dir
    ).identifiers
    with transaction(session_factory) as session:
        doctor = create_user(session, "doc@example.test", PASSWORD, "reporter")
        moderator = create_user(session, "mod@example.test", PASSWORD, "moderator")
    with pytest.raises(InvalidInput), transaction(session_factory) as session:
        identity.claim_rpps(session, doctor, nurse_rpps)
    with pytest.raises(InvalidInput), transaction(session_factory) as session:
        identity.claim_rpps(session, doctor, "12345678901")
    with transaction(session_factory) as session:
        assert identity.claim_rpps(session, doctor, physician_rpps) == physician_rpps
        assert identity.confirm_rpps(session, moderator, doctor.id, accept=True) == "confirmed"
    with session_factory() as session:
        from vigie.accounts.services import role_of

        assert role_of(session, doctor.id) == "physician"
