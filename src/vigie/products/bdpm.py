"""Parser for the ANSM public medicines database (BDPM) files used by Vigie.

The files are tab-separated, without a header, mostly cp1252 with some lines in UTF-8 (the ANSM
export mixes both). Each line is decoded on its own: UTF-8 first (strict), cp1252 otherwise, so
one odd line never spoils the file. Rows come out typed; malformed lines come out as
``RowError(line_no, reason)`` and the caller decides whether to stop.

Columns (from the BDPM download page's field description):

- ``CIS_bdpm.txt``: CIS code, denomination, pharmaceutical form, routes (``;``-separated),
  marketing authorisation status, procedure type, commercialisation state, authorisation date,
  BDM status, European authorisation number, holders, reinforced surveillance (12 columns).
- ``CIS_COMPO_bdpm.txt``: CIS code, element, substance code, substance name, dosage, dosage
  reference, nature (SA active substance / FT therapeutic fraction), link number (8 columns).
- ``CIS_CPD_bdpm.txt``: CIS code, prescription or dispensing condition (2 columns).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CIS_FILE = "CIS_bdpm.txt"
COMPO_FILE = "CIS_COMPO_bdpm.txt"
CPD_FILE = "CIS_CPD_bdpm.txt"


@dataclass(frozen=True, slots=True)
class RowError:
    line_no: int
    reason: str


@dataclass(frozen=True, slots=True)
class Medicine:
    cis: str
    denomination: str
    form: str
    routes: tuple[str, ...]
    authorisation_status: str
    commercialisation: str
    holders: str


@dataclass(frozen=True, slots=True)
class Composition:
    cis: str
    substance_code: str
    substance: str
    dosage: str
    nature: str


@dataclass(frozen=True, slots=True)
class DispensingCondition:
    cis: str
    condition: str


def decode_line(raw: bytes) -> str:
    """UTF-8 when the line is valid UTF-8, else cp1252 (the export's historical encoding)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def split_lines(chunks: Iterable[bytes]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line_no, fields)`` for each non-empty line, decoding each line on its own."""
    for line_no, raw in enumerate(chunks, start=1):
        text = decode_line(raw.rstrip(b"\r\n"))
        if text.strip():
            yield line_no, [field.strip() for field in text.split("\t")]


def _cis_ok(cis: str) -> bool:
    return len(cis) == 8 and cis.isdigit()


def parse_cis(lines: Iterable[bytes]) -> Iterator[Medicine | RowError]:
    for line_no, fields in split_lines(lines):
        if len(fields) < 11 or not _cis_ok(fields[0]):
            yield RowError(
                line_no, f"expected 12 fields starting with an 8-digit CIS, got {len(fields)}"
            )
            continue
        routes = tuple(r.strip() for r in fields[3].split(";") if r.strip())
        yield Medicine(fields[0], fields[1], fields[2], routes, fields[4], fields[6], fields[10])


def parse_compositions(lines: Iterable[bytes]) -> Iterator[Composition | RowError]:
    for line_no, fields in split_lines(lines):
        if len(fields) < 7 or not _cis_ok(fields[0]):
            yield RowError(
                line_no, f"expected 8 fields starting with an 8-digit CIS, got {len(fields)}"
            )
            continue
        yield Composition(fields[0], fields[2], fields[3], fields[4], fields[6])


def parse_conditions(lines: Iterable[bytes]) -> Iterator[DispensingCondition | RowError]:
    for line_no, fields in split_lines(lines):
        if len(fields) < 2 or not _cis_ok(fields[0]) or not fields[1]:
            yield RowError(
                line_no, f"expected 2 fields starting with an 8-digit CIS, got {len(fields)}"
            )
            continue
        yield DispensingCondition(fields[0], fields[1])


def read_lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from handle
