"""What every registry source gives the loader: an open stream, its size, and the extract's date.

Shared by ``sources`` (local files and zips) and ``http_source`` (URLs), which would otherwise have
to import each other.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_STAMP = re.compile(r"(\d{12})(?:\.[a-z]+)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SourceDate:
    """The extract's date and how we know it (``file_stamp``, ``zip_name``, ``last_modified``)."""

    date: dt.date
    origin: str


@dataclass(slots=True)
class OpenedFile:
    stream: BinaryIO
    size: int | None
    date: SourceDate | None


def stamp_date(file_name: str, origin: str) -> SourceDate | None:
    """The date in a ``..._YYYYMMDDHHMM.txt`` or ``.zip`` name, if it holds a real date."""
    match = _STAMP.search(Path(file_name).name)
    if not match:
        return None
    try:
        stamp = dt.datetime.strptime(match.group(1), "%Y%m%d%H%M")
    except ValueError:
        return None
    return SourceDate(stamp.date(), origin)
