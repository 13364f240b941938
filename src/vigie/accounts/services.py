"""Operations on users: create, sign in (throttled per account and client), API tokens, roles.
Sign-up and passwords (change, reset) are in ``vigie.accounts.credentials``.

Callers pass a session inside a transaction; these functions flush but never commit, so a route or
a command decides the unit of work. ``authenticate`` is the exception: it takes the session
factory, because a sign-in try must be committed before the slow password check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from vigie.accounts import links, mail, sessions, signin_throttle
from vigie.accounts.links import Purpose
from vigie.accounts.mail import OutgoingMail, link_mail
from vigie.accounts.models import ApiToken, User
from vigie.accounts.passwords import hash_password, verify_password
from vigie.accounts.permissions import Permission, Role, has_permission, parse_role
from vigie.accounts.schemas import UserRow
from vigie.config import Settings
from vigie.db.engine import transaction
from vigie.errors import Conflict, InvalidInput, NotFound

EMAIL_RE = re.compile(r"[^@\s<>\"'\x00-\x1f\x7f]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}")
TOKEN_PREFIX = "vigie_"  # noqa: S105 (a public marker, not a secret)


@dataclass(frozen=True)
class CurrentUser:
    """Who is acting, as routes and services see it (no password hash travels around)."""

    id: int
    email: str
    role: str

    def can(self, permission: Permission) -> bool:
        return has_permission(self.role, permission)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def normalise_email(email: str) -> str:
    cleaned = (email or "").strip().lower()
    if len(cleaned) > 254 or not EMAIL_RE.fullmatch(cleaned):
        raise InvalidInput("Adresse e-mail invalide.", details={"field": "email"})
    return cleaned


def current(user: User) -> CurrentUser:
    return CurrentUser(id=user.id, email=user.email, role=user.role)


def create_user(session: Session, email: str, password: str, role: str) -> CurrentUser:
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        role=parse_role(role).value,
        created_at=utcnow(),
    )
    session.add(user)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise Conflict(f"A user with the email {user.email} already exists.") from None
    return current(user)


def user_by_email(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise NotFound(f"No user with the email {email.strip().lower()}.")
    return user


@dataclass(frozen=True)
class Challenge:
    """The (account, client) pair is past its free tries: the caller says the same thing whatever
    the password — a sign-in link was mailed if it was right — and queues ``mail`` if any."""

    mail: OutgoingMail | None


def signin_email(email: str) -> str:
    """The address a sign-in form names, as throttling keys it: printable characters only
    (PostgreSQL refuses NUL in text, and no real address has controls), lower case, bounded."""
    return "".join(ch for ch in (email or "") if ch.isprintable()).strip().lower()[:254]


def authenticate(
    factory: sessionmaker[Session],
    settings: Settings,
    email: str,
    password: str,
    client: str,
    *,
    known: bool = False,
) -> CurrentUser | Challenge | None:
    """The user for these credentials, ``None`` when wrong, or a ``Challenge`` once this pair has
    used its free tries. ``client`` is who tries (a known device's id, else an address; ``known``
    says which). The try is claimed atomically and *committed* before the password is checked
    (``RateLimited`` when it cannot be, see ``signin_throttle``): the pair's row is locked only
    for that claim, never through the slow hash, so a burst on one pair holds no connections."""
    cleaned = signin_email(email)
    with transaction(factory) as session:
        challenged = signin_throttle.claim_try(session, settings, cleaned, client, known=known)
    with factory() as session:
        user = session.scalar(select(User).where(User.email == cleaned))
        if user is not None:
            session.expunge(user)
    right = verify_password(user.password_hash if user else None, password)
    if not (right and user and user.is_active):
        return Challenge(None) if challenged else None
    with transaction(factory) as session:
        if not challenged:
            signin_throttle.succeeded(session, cleaned, client)
            return current(user)
        if not signin_throttle.may_mail_link(session, cleaned, client, links.epoch_now()):
            return Challenge(None)  # one was mailed less than a minute ago
        link_id, nonce = links.issue(
            session, Purpose.SIGNIN, user.email, user_id=user.id, client=client
        )
    return Challenge(link_mail(mail.SIGNIN, user.email, link_id, nonce))


def issue_token(session: Session, email: str) -> str:
    """A new bearer token for the user; only its SHA-256 is stored, so it is shown once."""
    user = user_by_email(session, email)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_sha256=_digest(token), created_at=utcnow()))
    session.flush()
    return token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def user_for_token(session: Session, token: str) -> CurrentUser | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = session.execute(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_sha256 == _digest(token), ApiToken.revoked.is_(False))
    ).scalar_one_or_none()
    return current(row) if row is not None and row.is_active else None


def user_by_id(session: Session, user_id: int) -> CurrentUser | None:
    user = session.get(User, user_id)
    return current(user) if user is not None and user.is_active else None


def role_of(session: Session, user_id: int) -> Role:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Unknown user.")
    return Role(user.role)


def list_users(session: Session, limit: int = 500) -> list[UserRow]:
    rows = session.scalars(select(User).order_by(User.id).limit(limit))
    return [
        UserRow(
            user_id=u.id,
            email=u.email,
            role=u.role,
            active=u.is_active,
            rpps_status=u.rpps_status,
        )
        for u in rows
    ]


def set_role(
    session: Session, admin: CurrentUser, user_id: int, role: str, *, active: bool = True
) -> str:
    """An admin changes a user's role or deactivates them (never their own account)."""
    if user_id == admin.id:
        raise InvalidInput("You cannot change your own role.")
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"No user {user_id}.")
    new_role = parse_role(role).value
    if (new_role, active) != (user.role, user.is_active):
        sessions.revoke_all(session, user.id)  # signed in under the old role: sign in again
    user.role, user.is_active = new_role, active
    return user.role


def revoke_tokens(session: Session, email: str) -> int:
    """Revoke every API token of a user and end their sessions (a lost laptop, a moderator
    leaving); returns how many tokens."""
    user = user_by_email(session, email)
    sessions.revoke_all(session, user.id)
    tokens = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
    ).all()
    for token in tokens:
        token.revoked = True
    return len(tokens)
