"""Rate counters: a limit holds across a window boundary (the sliding estimate), so a client
cannot spend its allowance at the end of one window and again at the start of the next.

Before: fixed windows forgot every hit at the boundary, which let twice the limit through in two
seconds and made a burst that straddled the boundary look like two small ones."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from vigie.accounts.counters import hit
from vigie.db.engine import transaction

WINDOW = 900
START = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)  # a window boundary (09:00 is a multiple)


def _hits(session_factory: sessionmaker[Session], at: dt.datetime, times: int) -> int:
    count = 0
    for _ in range(times):
        with transaction(session_factory) as session:
            count = hit(session, "k", WINDOW, now=at).count
    return count


def test_hits_just_before_a_boundary_still_count_just_after(
    session_factory: sessionmaker[Session],
) -> None:
    assert _hits(session_factory, START - dt.timedelta(seconds=1), 10) == 10
    # one second into the next window: nearly all of the previous window is still "recent"
    assert _hits(session_factory, START + dt.timedelta(seconds=1), 1) == 1 + 9


def test_the_previous_window_fades_linearly_and_then_not_at_all(
    session_factory: sessionmaker[Session],
) -> None:
    _hits(session_factory, START - dt.timedelta(seconds=10), 100)
    half = _hits(session_factory, START + dt.timedelta(seconds=WINDOW // 2), 1)
    assert half == 1 + 50
    later = _hits(session_factory, START + dt.timedelta(seconds=WINDOW + 1), 1)
    assert (
        later == 1
    )  # the hundred are two windows back; the one hit of the last window rounds away


def test_retry_after_is_the_time_left_in_the_window(
    session_factory: sessionmaker[Session],
) -> None:
    with transaction(session_factory) as session:
        result = hit(session, "k", WINDOW, now=START + dt.timedelta(seconds=100))
    assert result.retry_after == WINDOW - 100
