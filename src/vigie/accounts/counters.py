"""Sliding-window request counters in the database, counted atomically by one statement.

Every worker on every machine shares them, so a limit holds behind a load balancer. ``hit`` is a
single ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (SQLite ≥ 3.35 and PostgreSQL): two
concurrent requests can never both read the same count, which is how check-then-insert limits leak
(sixty concurrent attempts each saw "fewer than five so far").

Counts are kept per fixed window, but a limit is checked against a *sliding* estimate: this
window's count plus the previous window's, weighted by how much of it still lies within one window
of now. With fixed windows alone a client could spend its whole allowance in the last second of a
window and again in the first second of the next (twice the limit in two seconds), and a burst
that straddled a boundary was forgotten half-way.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import BigInteger, Integer, String, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from vigie.db.base import Base

PURGE_PROBABILITY = 0.01  # now and then a hit also deletes windows that ended long ago
KEEP_SECONDS = 86_400


class RateCounter(Base):
    """How many hits ``key`` took in the window that started at ``window_start`` (epoch s)."""

    __tablename__ = "rate_counter"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class Hit:
    count: int  # the sliding estimate, this hit included
    retry_after: int  # seconds until the current window ends (the estimate only falls after it)


def hit(session: Session, key: str, window_seconds: int, now: dt.datetime | None = None) -> Hit:
    """Count one hit of ``key`` and return the hits within one window of now (sliding estimate)."""
    epoch = int((now or dt.datetime.now(dt.UTC)).timestamp())
    start = epoch - epoch % window_seconds
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = RateCounter.__table__
    statement = (
        dialect.insert(table)
        .values(key=key[:200], window_start=start, count=1)
        .on_conflict_do_update(
            index_elements=[table.c.key, table.c.window_start],
            set_={"count": table.c.count + 1},
        )
        .returning(table.c.count)
    )
    count = int(session.execute(statement).scalar_one())
    previous = session.scalar(
        select(table.c.count).where(
            table.c.key == key[:200], table.c.window_start == start - window_seconds
        )
    )
    if previous:  # the share of the previous window that is still less than a window ago
        count += int(previous * (start + window_seconds - epoch) / window_seconds)
    if random.random() < PURGE_PROBABILITY:  # noqa: S311 (housekeeping, not security)
        session.execute(delete(RateCounter).where(RateCounter.window_start < epoch - KEEP_SECONDS))
    return Hit(count=count, retry_after=max(1, start + window_seconds - epoch))
