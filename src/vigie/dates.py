"""Dates and times as people write them, in Paris time: the one formatter of every page.

Public pages, tracking pages and dossiers speak to people (a patient, a clerk of the Ordre), not
to machines: ``1er décembre 2026`` in French and ``1 December 2026`` in English (never ``01/12/2026``,
which an English reader takes for the 12th of January), and ``1er décembre 2026 à 19 h 48 (heure
de Paris)``, never an ISO string or UTC. Stored times stay timezone-aware UTC; only presentation
converts.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
MONTHS = {
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip
UNKNOWN_DATE = {"fr": "date inconnue", "en": "unknown date"}
SHORT_MONTHS = {
    "fr": (
        "janv.", "févr.", "mars", "avr.", "mai", "juin",
        "juil.", "août", "sept.", "oct.", "nov.", "déc.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}  # fmt: skip


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.astimezone(PARIS).date() if isinstance(value, dt.datetime) else value


def long_date(value: dt.date | dt.datetime | None, lang: str = "fr") -> str:
    """``1er décembre 2026`` / ``1 December 2026``; a datetime is first converted to Paris time
    (its day may change); ``None`` is the unknown date, said in words; any other language is French.
    """
    lang = lang if lang in MONTHS else "fr"
    if value is None:
        return UNKNOWN_DATE[lang]
    day = _day(value)
    if lang == "en":
        return f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS['fr'][day.month - 1]} {day.year}"


def long_datetime(value: dt.datetime, lang: str = "fr") -> str:
    """``1er décembre 2026 à 19 h 48 (heure de Paris)`` / ``1 December 2026 at 19:48 (Paris
    time)``; naive datetimes are taken as UTC."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    local = aware.astimezone(PARIS)
    if lang == "en":
        return f"{long_date(local.date(), 'en')} at {local.hour}:{local.minute:02d} (Paris time)"
    return f"{long_date(local.date())} à {local.hour} h {local.minute:02d} (heure de Paris)"


def compact_datetime(value: dt.datetime | str, lang: str = "fr") -> str:
    """``2 déc. 2026, 10:14`` / ``2 Dec 2026, 10:14``, in Paris time: for moderators' lists and
    case histories, where many times stand one under the other and the minute matters. An ISO
    string (the case JSON's form) is parsed first; naive values are taken as UTC."""
    value = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    local = aware.astimezone(PARIS)
    months = SHORT_MONTHS["en" if lang == "en" else "fr"]
    return (
        f"{local.day} {months[local.month - 1]} {local.year}, {local.hour:02d}:{local.minute:02d}"
    )


def iso_day(text: str | None, lang: str = "fr") -> str:
    """``long_date`` of an ISO day or datetime string (``2026-11-02`` → ``2 novembre 2026``);
    ``None`` is the unknown date."""
    if not text:
        return long_date(None, lang)
    if len(text) == 10:
        return long_date(dt.date.fromisoformat(text), lang)
    return long_date(dt.datetime.fromisoformat(text), lang)


def french_date(value: dt.date | dt.datetime) -> str:
    """``1er décembre 2026`` (``long_date`` in French, for the French-only texts: dossiers, mail)."""
    return long_date(value, "fr")


def french_datetime(value: dt.datetime) -> str:
    """``1er décembre 2026 à 19 h 48 (heure de Paris)``."""
    return long_datetime(value, "fr")
