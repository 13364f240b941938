"""French dates: the first of the month, Paris time across midnight and daylight saving."""

from __future__ import annotations

import datetime as dt

import pytest

from vigie.dates import compact_datetime, french_date, french_datetime, iso_day


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


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        ("2026-12-02T09:14:59+00:00", "fr", "2 déc. 2026, 10:14"),  # winter: UTC+1
        ("2026-07-14T21:05:00+00:00", "fr", "14 juil. 2026, 23:05"),  # summer: UTC+2
        ("2026-12-31T23:30:00+00:00", "en", "1 Jan 2027, 00:30"),  # the day changes
        (dt.datetime(2026, 3, 1, 8, 0), "fr", "1 mars 2026, 09:00"),  # naive is UTC
    ],
)
def test_compact_datetime_is_paris_time(value: dt.datetime | str, lang: str, text: str) -> None:
    assert compact_datetime(value, lang) == text


def test_iso_day_reads_days_and_datetimes() -> None:
    assert iso_day("2026-11-02") == "2 novembre 2026"
    assert iso_day("2026-11-01T23:30:00+00:00", "en") == "2 November 2026"  # Paris day
    assert iso_day(None) == "date inconnue"
