"""Sign-in throttling that stops a guesser without ever refusing the owner's right password.

Tries are counted per *pair*, an account and one client: the browser's known-device id when it
signed in to this account before (``vigie.web.authn`` keeps it in a signed cookie), its address
otherwise. The first ``login_max_failures`` tries of a pair are answered as usual. After that the
pair is *challenged*: its tries get one answer whatever the password (``vigie.accounts.services``
then mails a one-time sign-in link when it was right, at most one per pair a minute), so a guesser
learns nothing more from that client while the owner — even behind the guesser's own address, a
proxy or an office NAT — signs in through their mailbox instead of being turned away. The owner
from a browser they signed in with before is not concerned at all. A guesser spread over many
addresses is bounded by a second count: tries on one account from *unknown* clients in
``login_window_seconds``; past fifty times the free tries, unknown clients of that account wait
for the window to end (the owner's known browsers keep signing in), which also bounds the
password hashing an attacker can make one account cost.

Counting is atomic: a try is claimed and committed *before* the password is checked: the pair's
row is locked with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL; a concurrent try of the same
pair is told to retry in a second rather than queue) and incremented by a compare-and-swap
``UPDATE … WHERE failures = :seen`` (which settles it on SQLite, a single writer); a success
deletes the pair's row. So sixty concurrent guesses get at most the free tries answered, never
thirty-two, and hold no connection while the password is hashed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Integer, String, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from vigie.accounts.counters import hit
from vigie.config import Settings
from vigie.db.base import Base
from vigie.errors import RateLimited

UNKNOWN_CLIENTS_FACTOR = 50
LINK_PACE_SECONDS = 60


class SigninThrottle(Base):
    """One (account, client) pair's claimed tries since its last success."""

    __tablename__ = "signin_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    # When this pair, once challenged, may be mailed another sign-in link (epoch seconds).
    next_allowed_at: Mapped[int] = mapped_column(BigInteger, default=0)


def pair_key(email: str, client: str) -> str:
    return f"{email[:254]}|{client[:140]}"


def _refuse(retry_after: int) -> RateLimited:
    return RateLimited(
        "Trop de tentatives de connexion à ce compte : patientez "
        f"{retry_after} s avant de réessayer.",
        details={"retry_after_seconds": retry_after},
    )


def claim_try(
    session: Session, settings: Settings, email: str, client: str, *, known: bool
) -> bool:
    """Take one try for this pair; ``True`` when the pair is challenged (past its free tries).
    ``RateLimited`` (nothing claimed) when a concurrent try of the pair holds its row or, for an
    unknown client, when the account's unknown clients are paused."""
    key = pair_key(email, client)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(SigninThrottle.__table__)
        .values(key=key, failures=0, next_allowed_at=0)
        .on_conflict_do_nothing()
    )
    # SKIP LOCKED: a burst on one pair gets one claim at a time and the rest are told to retry
    # at once, instead of queueing on the row (and on the pool) behind each other.
    failures = session.execute(
        select(SigninThrottle.failures)
        .where(SigninThrottle.key == key)
        .with_for_update(skip_locked=True)
    ).scalar_one_or_none()
    if failures is None:
        raise _refuse(1)  # a concurrent try of the same pair is being claimed
    if not known:
        window = settings.login_window_seconds
        spread = hit(session, f"signin-unknown:{email[:254]}", window)
        if spread.count > settings.login_max_failures * UNKNOWN_CLIENTS_FACTOR:
            raise _refuse(spread.retry_after)
    claimed = session.execute(
        update(SigninThrottle)
        .where(SigninThrottle.key == key, SigninThrottle.failures == failures)
        .values(failures=failures + 1)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise _refuse(1)  # SQLite has no row locks: the compare-and-swap settles it there
    return failures >= settings.login_max_failures


def challenged(session: Session, settings: Settings, email: str, client: str) -> bool:
    """Whether the pair's next try will be challenged (the page says so in advance)."""
    failures = session.scalar(
        select(SigninThrottle.failures).where(SigninThrottle.key == pair_key(email, client))
    )
    return failures is not None and failures >= settings.login_max_failures


def may_mail_link(session: Session, email: str, client: str, now: int) -> bool:
    """Whether this challenged pair may be mailed a sign-in link now (then not for a minute):
    one atomic update, so a burst of right passwords sends one message, not a flood."""
    paced = session.execute(
        update(SigninThrottle)
        .where(SigninThrottle.key == pair_key(email, client), SigninThrottle.next_allowed_at <= now)
        .values(next_allowed_at=now + LINK_PACE_SECONDS)
    )
    return getattr(paced, "rowcount", 0) == 1


def succeeded(session: Session, email: str, client: str) -> None:
    session.execute(delete(SigninThrottle).where(SigninThrottle.key == pair_key(email, client)))


def forget_account(session: Session, email: str) -> None:
    """Every pair of the account starts afresh (its owner proved the mailbox: a password reset)."""
    prefix = pair_key(email, "")
    session.execute(
        delete(SigninThrottle).where(SigninThrottle.key.startswith(prefix, autoescape=True))
    )


def epoch_now() -> int:
    return int(dt.datetime.now(dt.UTC).timestamp())
