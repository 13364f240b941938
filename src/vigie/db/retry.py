"""Run a unit of work again when it lost a race that the database detected.

Two reports about a new account both try to create it; two events both try to extend the audit
chain; SQLite refuses a second writer that read before the first committed. In each case the
database raises and nothing was written, so the whole transaction is simply run again.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from vigie.db.engine import transaction

T = TypeVar("T")

_RETRYABLE_MARKERS = (
    "unique",  # both databases: a concurrent insert won the race
    "duplicate key",
    "database is locked",  # SQLite: another writer holds or changed the database
    "could not serialize",
    "deadlock detected",
)


def is_retryable(exc: Exception) -> bool:
    message = str(getattr(exc, "orig", exc)).lower()
    return any(marker in message for marker in _RETRYABLE_MARKERS)


def run_with_retry(
    factory: sessionmaker[Session], work: Callable[[Session], T], *, attempts: int = 40
) -> T:
    for attempt in range(1, attempts + 1):
        try:
            with transaction(factory) as session:
                return work(session)
        except (IntegrityError, OperationalError) as exc:
            if attempt == attempts or not is_retryable(exc):
                raise
            # Jittered back-off so racing writers do not collide again in lockstep.
            time.sleep(random.uniform(0, 0.005 * min(attempt, 10)))  # noqa: S311
    raise AssertionError("unreachable")
