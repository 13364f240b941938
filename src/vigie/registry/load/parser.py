"""Pure parsing of the extract's lines: header by name, one row into typed tuples or a reject reason.

The parsers are called ~2.2 million times per load, so they stay flat: a row is split once, its
fields are picked by precomputed positions, and a missing optional column points at a trailing
empty field. A row that cannot be trusted is not an exception but a reason (``str``) that the loader
records with its file and line number; the load fails only above the reject threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigie.errors import RegistryFormatError
from vigie.registry.columns import REQUIRED, FileKind

PersonRow = tuple[str, str, str, str, str, str, str, str, str, str, str]
ActivityRow = tuple[
    str, str, str, str, str, str, str, str, str, str, str, str, str
]  # SITE_COLUMNS + 2
SavoirFaireRow = tuple[str, str, str, str]

_DOUBLE = str.maketrans("0123456789", "0246813579")
_RPPS = "8"
_ADELI = "0"


@dataclass(frozen=True, slots=True)
class RowError:
    """A rejected row: where it is and why, in words an operator can act on."""

    file: str
    line: int
    reason: str


# One activity row: identifier, person (None when the previous row was the same person), the
# practice site (None for a person without one), the row's savoir-faire (None when empty).
ParsedActivity = tuple[str, PersonRow | None, ActivityRow | None, SavoirFaireRow | None]


# Luhn sum of a digit pair whose second digit is doubled (an RPPS has 11 digits: the pairs
# (0,1)…(8,9) then the check digit), so a million identifiers cost five dict lookups each.
_PAIR_SUMS = {f"{a}{b}": a + (2 * b if b < 5 else 2 * b - 9) for a in range(10) for b in range(10)}


def luhn_ok(digits: str) -> bool:
    """Luhn check of an all-digit string (a faster twin of ``identifiers.luhn_valid``)."""
    if len(digits) == 11:
        pairs = _PAIR_SUMS
        total = (
            pairs[digits[0:2]]
            + pairs[digits[2:4]]
            + pairs[digits[4:6]]
            + pairs[digits[6:8]]
            + pairs[digits[8:10]]
            + int(digits[10])
        )
        return total % 10 == 0
    odd = sum(map(int, digits[-1::-2]))
    even = sum(map(int, digits[-2::-2].translate(_DOUBLE)))
    return (odd + even) % 10 == 0


def identifier_problem(type_code: str, identifier: str, national: str) -> str | None:
    """Why this identifier cannot be trusted, or ``None`` when it is well formed."""
    if type_code == _RPPS:
        if len(identifier) != 11 or not (identifier.isascii() and identifier.isdigit()):
            return f"RPPS identifier {identifier!r} is not 11 digits"
        if not luhn_ok(identifier):
            return f"RPPS identifier {identifier!r} fails the Luhn check"
    elif type_code == _ADELI:
        if len(identifier) != 9 or not identifier.isalnum():
            return f"ADELI identifier {identifier!r} is not 9 characters"
    else:
        return f"unknown identifier type {type_code!r} (expected 8 RPPS or 0 ADELI)"
    if national and national != type_code + identifier:
        return f"national identifier {national!r} does not match {type_code}{identifier}"
    return None


class Header:
    """Column positions of one file, read from its header line."""

    def __init__(self, line: str, kind: FileKind, file_name: str) -> None:
        names = line.split("|")
        if names and names[-1] == "":
            names.pop()  # historical layout: every line ends with '|'
        self.file_name = file_name
        self.width = len(names)
        self.positions = {name.strip(): i for i, name in enumerate(names)}
        missing = [name for name in REQUIRED[kind] if name not in self.positions]
        if missing:
            raise RegistryFormatError(
                f"{file_name}: the header lacks required column(s) {', '.join(map(repr, missing))}; "
                "the file's format may have changed. Nothing was loaded.",
                details={"file": file_name, "missing": missing, "found": list(self.positions)},
            )

    def pos(self, name: str) -> int:
        """Position of ``name``, or of the padding empty field when the column is absent."""
        return self.positions.get(name, self.width)

    def split(self, line: str) -> list[str] | str:
        """The row's fields padded with one empty field, or a reason when the count is wrong."""
        fields = line.split("|")
        count = len(fields)
        if count == self.width:
            fields.append("")
            return fields
        if count == self.width + 1 and fields[-1] == "":
            return fields
        return f"{count - (fields[-1] == '')} fields where the header has {self.width}"
