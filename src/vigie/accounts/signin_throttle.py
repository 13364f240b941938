"""Sign-in throttling that slows a guesser down without locking the real owner out.

Failures are counted per *pair*, an account and one client: the browser's known-device id when it
signed in to this account before (``vigie.web.authn`` keeps it in a signed cookie), its address
otherwise. The first ``login_max_failures`` tries of a pair are free; after that each try must
wait 2 s, 4 s, 8 s… up to ``login_window_seconds``. Someone guessing a victim's password from
their own machine therefore only slows themselves: the owner, from another address or from a
browser they signed in with before, is not slowed at all. A guesser spread over many addresses
is bounded by a second count: failures on one account from *unknown* clients in a window; past
fifty times the free tries, unknown clients of that account wait for the window to end, while
the owner's known browsers keep signing in.

Counting is atomic: a try is claimed *before* the password is checked, by a compare-and-swap
``UPDATE … WHERE failures = :seen`` (two concurrent tries cannot both take the same slot; the
loser is told to wait), and a success deletes the pair's row. So sixty concurrent guesses get at
most the free tries checked, never thirty-two.
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


class SigninThrottle(Base):
    """One (account, client) pair's claimed tries since its last success (epoch seconds)."""

    __tablename__ = "signin_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_allowed_at: Mapped[int] = mapped_column(BigInteger, default=0)


def delay_after(failures: int, settings: Settings) -> int:
    """Seconds the pair waits before its next try, once it has made ``failures`` tries."""
    free = settings.login_max_failures
    if failures < free:
        return 0
    return int(min(settings.login_window_seconds, 2 ** min(failures - free + 1, 30)))


def pair_key(email: str, client: str) -> str:
    return f"{email[:254]}|{client[:140]}"


def _refuse(retry_after: int) -> RateLimited:
    return RateLimited(
        "Trop de tentatives de connexion depuis cet appareil : patientez "
        f"{retry_after} s avant de réessayer.",
        details={"retry_after_seconds": retry_after},
    )


def claim_try(
    session: Session, settings: Settings, email: str, client: str, *, known: bool, now: int
) -> None:
    """Take one try for this pair, or raise ``RateLimited`` (nothing changed) if it must wait."""
    if not known:
        window = settings.login_window_seconds
        spread = hit(session, f"signin-unknown:{email[:254]}", window)
        if spread.count > settings.login_max_failures * UNKNOWN_CLIENTS_FACTOR:
            raise _refuse(spread.retry_after)
    key = pair_key(email, client)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    session.execute(
        dialect.insert(SigninThrottle.__table__)
        .values(key=key, failures=0, next_allowed_at=0)
        .on_conflict_do_nothing()
    )
    failures, next_allowed = session.execute(
        select(SigninThrottle.failures, SigninThrottle.next_allowed_at).where(
            SigninThrottle.key == key
        )
    ).one()
    if now < next_allowed:
        raise _refuse(next_allowed - now)
    claimed = session.execute(
        update(SigninThrottle)
        .where(SigninThrottle.key == key, SigninThrottle.failures == failures)
        .values(failures=failures + 1, next_allowed_at=now + delay_after(failures + 1, settings))
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise _refuse(1)  # a concurrent try of the same pair took this slot


def succeeded(session: Session, email: str, client: str) -> None:
    session.execute(delete(SigninThrottle).where(SigninThrottle.key == pair_key(email, client)))


def epoch_now() -> int:
    return int(dt.datetime.now(dt.UTC).timestamp())
