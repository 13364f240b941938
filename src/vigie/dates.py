"""Dates and times as French readers write them, in Paris time.

Public pages, tracking pages and dossiers speak to people (a patient, a clerk of the Ordre), not
to machines: ``1er décembre 2026`` and ``1er décembre 2026 à 19 h 48 (heure de Paris)``, never an
ISO string or UTC. Stored times stay timezone-aware UTC; only presentation converts.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(value: dt.date | dt.datetime) -> str:
    """``1er décembre 2026``; a datetime is first converted to Paris time (its day may change)."""
    day = value.astimezone(PARIS).date() if isinstance(value, dt.datetime) else value
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def french_datetime(value: dt.datetime) -> str:
    """``1er décembre 2026 à 19 h 48 (heure de Paris)``; naive datetimes are taken as UTC."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    local = aware.astimezone(PARIS)
    return f"{french_date(local.date())} à {local.hour} h {local.minute:02d} (heure de Paris)"
