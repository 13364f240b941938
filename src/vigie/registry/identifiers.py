"""Practitioner identifiers: RPPS (11 digits, Luhn), its national form (``8`` + RPPS), ADELI (9 digits).

Pure functions shared by the loader (validating rows) and the search (reading what a user typed).
A failed Luhn check on an RPPS means the number cannot be a real one (see docs/registry-format.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_SEPARATORS = re.compile(r"[\s.\-/]")


class IdentifierType(StrEnum):
    RPPS = "RPPS"
    ADELI = "ADELI"


# Value of the "Type d'identifiant PP" column for each kind of identifier.
TYPE_CODES = {"8": IdentifierType.RPPS, "0": IdentifierType.ADELI}


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit that makes ``payload + digit`` Luhn-valid (used by the synthetic generator)."""
    for digit in "0123456789":
        if luhn_valid(payload + digit):
            return digit
    raise AssertionError("unreachable: one of ten digits always completes a Luhn number")


@dataclass(frozen=True, slots=True)
class IdentifierCheck:
    """What a user-typed number turned out to be."""

    value: str  # the cleaned digits, in the registry's form (11-digit RPPS or 9-digit ADELI)
    type: IdentifierType | None
    valid: bool
    reason: str  # plain French, shown to users


def clean_number(text: str) -> str:
    return _SEPARATORS.sub("", text.strip())


def check_identifier(text: str) -> IdentifierCheck | None:
    """Read an RPPS, national (12-char) or ADELI number; ``None`` when ``text`` is not a number at all."""
    digits = clean_number(text)
    if not digits.isdigit():
        return None
    if len(digits) == 12 and digits[0] == "8":
        digits = digits[1:]
    if len(digits) == 11:
        if luhn_valid(digits):
            return IdentifierCheck(digits, IdentifierType.RPPS, True, "Numéro RPPS bien formé.")
        return IdentifierCheck(
            digits,
            IdentifierType.RPPS,
            False,
            "Ce numéro ne peut pas être un numéro RPPS valide (la clé de contrôle ne correspond pas).",
        )
    if len(digits) == 9:
        if luhn_valid(digits):
            return IdentifierCheck(digits, IdentifierType.ADELI, True, "Numéro ADELI bien formé.")
        return IdentifierCheck(
            digits,
            IdentifierType.ADELI,
            False,
            "Ce numéro ne peut pas être un numéro ADELI valide (la clé de contrôle ne correspond pas).",
        )
    return IdentifierCheck(
        digits,
        None,
        False,
        f"Un numéro RPPS compte 11 chiffres et un numéro ADELI 9 ; celui-ci en compte {len(digits)}.",
    )
