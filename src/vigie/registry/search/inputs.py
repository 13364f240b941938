"""Check what a user typed before any search: lengths, control characters, limits (pure).

Every entry point (CLI, API, pages, cross-checks) goes through ``read_request`` so junk is refused
the same way everywhere, with a French message and the field at fault.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vigie.config import Settings
from vigie.errors import InvalidInput
from vigie.registry.normalize import fold
from vigie.registry.verdict import PHYSICIAN

MAX_QUERY_CHARS = 200
MAX_PLACE_CHARS = 100
_POSTCODE = re.compile(r"^\d{5}$")
_DEPARTMENT = re.compile(r"^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-8]|98[4-9])$")
PROFESSION_ALIASES = {
    "medecin": PHYSICIAN,
    "pharmacien": "21",
    "chirurgien dentiste": "40",
    "dentiste": "40",
    "sage femme": "50",
    "infirmier": "60",
    "infirmiere": "60",
    "masseur kinesitherapeute": "70",
    "kinesitherapeute": "70",
}


@dataclass(frozen=True, slots=True)
class SearchRequest:
    query: str
    city: str | None
    postcode: str | None
    department: str | None
    profession: str | None
    limit: int


def read_request(
    settings: Settings,
    query: str,
    city: str | None,
    postcode: str | None,
    department: str | None,
    profession: str | None,
    limit: int,
) -> SearchRequest:
    if not 1 <= limit <= settings.search_limit_max:
        raise InvalidInput(
            f"La limite doit être comprise entre 1 et {settings.search_limit_max}.",
            details={"field": "limit", "value": limit},
        )
    return SearchRequest(
        query=_text("query", query, MAX_QUERY_CHARS) or "",
        city=_text("city", city, MAX_PLACE_CHARS),
        postcode=_pattern("postcode", postcode, _POSTCODE, "un code postal à 5 chiffres"),
        department=_pattern(
            "department", department, _DEPARTMENT, "un numéro de département (69, 2A, 974)"
        ),
        profession=_profession(profession),
        limit=limit,
    )


def _text(field: str, value: str | None, max_chars: int) -> str | None:
    if value is None:
        return None
    if len(value) > max_chars:
        raise InvalidInput(
            f"Texte trop long ({len(value)} caractères, {max_chars} au plus).",
            details={"field": field, "max_chars": max_chars},
        )
    if "\ufffd" in value:  # what a decoder leaves of invalid UTF-8 (``%FF`` in a query string)
        raise InvalidInput(
            "Le texte contient des octets qui ne sont pas de l'UTF-8 valide.",
            details={"field": field},
        )
    if any(unicodedata.category(char) in ("Cc", "Cs", "Co") and char not in "\t" for char in value):
        raise InvalidInput(
            "Le texte contient des caractères de contrôle.", details={"field": field}
        )
    return " ".join(value.split()) or None


def _pattern(field: str, value: str | None, pattern: re.Pattern[str], what: str) -> str | None:
    text = _text(field, value, 16)
    if text is None:
        return None
    text = text.upper().replace(" ", "")
    if not pattern.match(text):
        raise InvalidInput(f"Attendu : {what}.", details={"field": field, "value": text})
    return text


def _profession(value: str | None) -> str | None:
    text = _text("profession", value, 40)
    if text is None:
        return None
    if text.isdigit() and len(text) <= 3:
        return text
    code = PROFESSION_ALIASES.get(fold(text))
    if code is None:
        raise InvalidInput(
            "Profession inconnue : donnez son code (10 médecin, 60 infirmier…) ou son nom.",
            details={"field": "profession", "value": text},
        )
    return code
