"""A new password ends the user's API tokens as well as their sessions: whoever knew the old
password may have been using a moderator's token, which reaches reporters' e-mails and evidence.

Before: ``change_password`` and ``reset_password`` ended every session but every bearer token kept
working."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from vigie.accounts import credentials, links
from vigie.accounts.links import Purpose
from vigie.accounts.models import User
from vigie.accounts.services import create_user, current, issue_token, user_for_token
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import InvalidInput

OLD = "an old password 1234"
NEW = "a brand new password 5678"


def _user_with_tokens(factory: sessionmaker[Session], email: str) -> tuple[int, list[str]]:
    with transaction(factory) as session:
        user = create_user(session, email, OLD, "moderator")
        tokens = [issue_token(session, email), issue_token(session, email)]
        return user.id, tokens


def _working(factory: sessionmaker[Session], tokens: list[str]) -> list[bool]:
    with transaction(factory) as session:
        return [user_for_token(session, token) is not None for token in tokens]


def test_a_password_change_revokes_every_api_token(
    session_factory: sessionmaker[Session],
) -> None:
    user_id, tokens = _user_with_tokens(session_factory, "changes@example.test")
    _, others = _user_with_tokens(session_factory, "bystander@example.test")
    assert _working(session_factory, tokens) == [True, True]
    with transaction(session_factory) as session:
        user = session.get(User, user_id)
        assert user is not None
        credentials.change_password(session, current(user), OLD, NEW, NEW)
    assert _working(session_factory, tokens) == [False, False]
    assert _working(session_factory, others) == [True, True]  # only the user's own
    with transaction(session_factory) as session:  # a token issued afterwards works
        assert user_for_token(session, issue_token(session, "changes@example.test")) is not None


def test_a_refused_change_keeps_the_tokens(session_factory: sessionmaker[Session]) -> None:
    user_id, tokens = _user_with_tokens(session_factory, "typo@example.test")
    with transaction(session_factory) as session:
        user = session.get(User, user_id)
        assert user is not None
        who = current(user)
    # The refusal is caught inside the transaction, which commits: nothing was revoked before it.
    with transaction(session_factory) as session, pytest.raises(InvalidInput):
        credentials.change_password(session, who, "not the password", NEW, NEW)
    assert _working(session_factory, tokens) == [True, True]


def test_a_password_reset_revokes_every_api_token(
    session_factory: sessionmaker[Session], settings: Settings
) -> None:
    user_id, tokens = _user_with_tokens(session_factory, "resets@example.test")
    with transaction(session_factory) as session:
        _, nonce = links.issue(session, Purpose.RESET, "resets@example.test", user_id=user_id)
    with transaction(session_factory) as session:
        token = links.link_token(settings, nonce)
        credentials.reset_password(session, settings, token, NEW, NEW)
    assert _working(session_factory, tokens) == [False, False]
