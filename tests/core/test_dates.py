"""French dates: the first of the month, Paris time across midnight and daylight saving."""

from __future__ import annotations

import datetime as dt

import pytest

from vigie.dates import french_date, french_datetime


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.date(2026, 12, 1), "1er décembre 2026"),
        (dt.date(2026, 2, 14), "14 février 2026"),
        (dt.date(2027, 8, 31), "31 août 2027"),
        # 23:30 UTC on 31 December is already 1 January in Paris (UTC+1 in winter).
        (dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), "1er janvier 2027"),
    ],
)
def test_french_date(value: dt.date, text: str) -> None:
    assert french_date(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (
            dt.datetime(2026, 12, 1, 18, 48, tzinfo=dt.UTC),
            "1er décembre 2026 à 19 h 48 (heure de Paris)",
        ),
        (
            dt.datetime(2026, 7, 14, 8, 5, tzinfo=dt.UTC),
            "14 juillet 2026 à 10 h 05 (heure de Paris)",
        ),
        (dt.datetime(2026, 7, 14, 8, 5), "14 juillet 2026 à 10 h 05 (heure de Paris)"),
    ],
)
def test_french_datetime_is_paris_time(value: dt.datetime, text: str) -> None:
    assert french_datetime(value) == text
