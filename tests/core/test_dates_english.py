"""English dates are written out ("1 December 2026"), never 01/12/2026, which reads as 12 January."""

from __future__ import annotations

import datetime as dt

import pytest

from vigie.dates import long_date, long_datetime


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [
        (dt.date(2026, 12, 1), "en", "1 December 2026"),
        (dt.date(2026, 12, 1), "fr", "1er décembre 2026"),
        (dt.date(2027, 8, 31), "en", "31 August 2027"),
        # 23:30 UTC on 31 December is already 1 January in Paris, in either language.
        (dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), "en", "1 January 2027"),
        (None, "en", "unknown date"),
        (None, "fr", "date inconnue"),
        (dt.date(2026, 3, 2), "de", "2 mars 2026"),  # a language Vigie does not speak: French
    ],
)
def test_long_date(value: dt.date | None, lang: str, text: str) -> None:
    assert long_date(value, lang) == text


def test_long_datetime_in_english_is_paris_time_on_a_24_hour_clock() -> None:
    value = dt.datetime(2026, 7, 14, 8, 5, tzinfo=dt.UTC)
    assert long_datetime(value, "en") == "14 July 2026 at 10:05 (Paris time)"
    assert long_datetime(value) == "14 juillet 2026 à 10 h 05 (heure de Paris)"
