"""Server-side records of signed-in sessions, so a session can end before its cookie does.

The cookie (signed by ``vigie.web.authn``) names a user, a random session id and when it was
issued. This module decides whether that session still holds:

- **absolute lifetime**: issued more than ``session_max_age_seconds`` ago → over, however active;
- **idle timeout**: unused for ``session_idle_seconds`` → over (last use is kept in
  ``user_session``, refreshed at most once a minute, so a busy page costs no write per request);
- **revoked**: signing out marks its own record revoked; a role change, a deactivation or an
  admin's ``vigie users revoke-tokens`` moves the user's ``user_session_cutoff`` forward, which
  ends every session issued before it at once, on every worker.

Times are integers since the epoch (they compare the same on SQLite and PostgreSQL): seconds for
last use, milliseconds for issue times and cutoffs, so signing in again right after a revocation
opens a session that holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import BigInteger, Boolean, ForeignKey, String, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from vigie.config import Settings
from vigie.db.base import Base

TOUCH_SECONDS = 60


class UserSession(Base):
    """One session id seen in use: its user, when last used, whether it was signed out."""

    __tablename__ = "user_session"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    last_seen: Mapped[int] = mapped_column(BigInteger)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class SessionCutoff(Base):
    """Sessions of ``user_id`` issued before ``not_before`` (ms) are over (revoke all at once)."""

    __tablename__ = "user_session_cutoff"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    not_before: Mapped[int] = mapped_column(BigInteger)


@dataclass(frozen=True)
class Verdict:
    valid: bool
    touch: bool  # the caller should record this use (``touch``), in a transaction of its own


def now_ms() -> int:
    return int(dt.datetime.now(dt.UTC).timestamp() * 1000)


def check(
    session: Session, settings: Settings, user_id: int, sid: str, issued_ms: int, now_ms: int
) -> Verdict:
    """Whether the session ``sid`` of ``user_id``, issued at ``issued_ms``, holds at ``now_ms``."""
    issued, now = issued_ms // 1000, now_ms // 1000
    if now - issued > settings.session_max_age_seconds:
        return Verdict(False, False)
    cutoff = session.scalar(
        select(SessionCutoff.not_before).where(SessionCutoff.user_id == user_id)
    )
    if cutoff is not None and issued_ms < cutoff:
        return Verdict(False, False)
    row = session.get(UserSession, sid)
    if row is not None and (row.revoked or row.user_id != user_id):
        return Verdict(False, False)
    last = row.last_seen if row is not None else issued
    if now - last > settings.session_idle_seconds:
        return Verdict(False, False)
    return Verdict(True, row is None or now - last >= TOUCH_SECONDS)


def _upsert(session: Session, user_id: int, sid: str, now: int, *, revoked: bool) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = UserSession.__table__
    values = {"last_seen": now, "revoked": table.c.revoked | revoked}
    session.execute(
        dialect.insert(table)
        .values(sid=sid, user_id=user_id, last_seen=now, revoked=revoked)
        .on_conflict_do_update(index_elements=[table.c.sid], set_=values)
    )


def touch(session: Session, user_id: int, sid: str, now: int) -> None:
    _upsert(session, user_id, sid, now, revoked=False)


def revoke(session: Session, user_id: int, sid: str, now: int) -> None:
    """Sign-out: this session is over, even if its cookie is replayed later."""
    _upsert(session, user_id, sid, now, revoked=True)


def revoke_all(session: Session, user_id: int, at_ms: int | None = None) -> None:
    """Every session of the user issued up to now is over (role change, deactivation, admin)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = SessionCutoff.__table__
    moment = (at_ms or now_ms()) + 1  # a session issued in this very millisecond is over too
    session.execute(
        dialect.insert(table)
        .values(user_id=user_id, not_before=moment)
        .on_conflict_do_update(index_elements=[table.c.user_id], set_={"not_before": moment})
    )
