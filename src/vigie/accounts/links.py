"""One-time links sent by e-mail: confirm a sign-up, choose a new password, finish a sign-in.

A link proves the mailbox. Each is short-lived (``LIFETIMES``), single-use (``consume`` is one
``UPDATE … WHERE used_at IS NULL``: two clicks, two workers, one winner) and for one purpose only.
What travels is a random *nonce*; the table keeps only its SHA-256, and the mail outbox keeps the
nonce but the link itself is signed with the secret key when the message is rendered
(``link_token``), so a copy of the database alone opens nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from enum import StrEnum

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import BigInteger, ForeignKey, Integer, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from vigie.config import Settings
from vigie.db.base import Base

_SALT = "vigie.account-link"


class Purpose(StrEnum):
    SIGNUP = "signup"
    RESET = "reset"
    SIGNIN = "signin"


LIFETIMES: dict[Purpose, int] = {  # seconds
    Purpose.SIGNUP: 24 * 3600,
    Purpose.RESET: 30 * 60,
    Purpose.SIGNIN: 15 * 60,
}


class AccountLink(Base):
    """One link sent: for whom, what for, until when, and whether it was used (epoch seconds)."""

    __tablename__ = "account_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    purpose: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    # For a sign-in link, the throttled (account, client) pair its use clears.
    client: Mapped[str] = mapped_column(String(400), default="")
    nonce_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger)
    used_at: Mapped[int | None] = mapped_column(BigInteger)


def epoch_now() -> int:
    return int(dt.datetime.now(dt.UTC).timestamp())


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode("utf-8")).hexdigest()


def issue(
    session: Session,
    purpose: Purpose,
    email: str,
    *,
    user_id: int | None = None,
    client: str = "",
    now: int | None = None,
) -> tuple[int, str]:
    """A new link's (row id, nonce); the caller mails it in the same transaction."""
    moment = now if now is not None else epoch_now()
    nonce = secrets.token_urlsafe(32)
    row = AccountLink(
        purpose=purpose.value,
        email=email,
        user_id=user_id,
        client=client[:400],
        nonce_sha256=_digest(nonce),
        created_at=moment,
        expires_at=moment + LIFETIMES[purpose],
        used_at=None,
    )
    session.add(row)
    session.flush()
    return row.id, nonce


def link_token(settings: Settings, nonce: str) -> str:
    """What the e-mailed address carries: the nonce, signed with the secret key."""
    return str(URLSafeSerializer(settings.secret_key, salt=_SALT).dumps(nonce))


def nonce_of(settings: Settings, token: str) -> str | None:
    if not token or len(token) > 200:
        return None
    try:
        value = URLSafeSerializer(settings.secret_key, salt=_SALT).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, str) else None


def _valid(session: Session, purpose: Purpose, nonce: str, now: int) -> AccountLink | None:
    row = session.scalar(
        select(AccountLink).where(
            AccountLink.nonce_sha256 == _digest(nonce), AccountLink.purpose == purpose.value
        )
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    return row


def peek(
    session: Session, settings: Settings, purpose: Purpose, token: str, now: int | None = None
) -> AccountLink | None:
    """The link behind ``token`` if it can still be used (the page showing its form)."""
    nonce = nonce_of(settings, token)
    return _valid(session, purpose, nonce, now or epoch_now()) if nonce else None


def consume(
    session: Session, settings: Settings, purpose: Purpose, token: str, now: int | None = None
) -> AccountLink | None:
    """Use the link once: its row, or ``None`` when unknown, expired, used or for another purpose."""
    moment = now or epoch_now()
    row = peek(session, settings, purpose, token, moment)
    if row is None:
        return None
    used = session.execute(
        update(AccountLink)
        .where(AccountLink.id == row.id, AccountLink.used_at.is_(None))
        .values(used_at=moment)
        .execution_options(synchronize_session=False)
    )
    if getattr(used, "rowcount", 0) != 1:
        return None  # a concurrent click used it first
    row.used_at = moment
    return row


def retire(session: Session, email: str, purpose: Purpose, now: int | None = None) -> None:
    """Every unused link of this purpose for ``email`` stops working (a newer one was used)."""
    session.execute(
        update(AccountLink)
        .where(
            AccountLink.email == email,
            AccountLink.purpose == purpose.value,
            AccountLink.used_at.is_(None),
        )
        .values(used_at=now or epoch_now())
        .execution_options(synchronize_session=False)
    )
