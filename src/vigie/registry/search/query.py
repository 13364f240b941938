"""Read a free query (``Dr Élodie Belamy Lyon``, ``RPPS 100 000 000 09``) into its parts (pure).

People paste what they saw in a post: a title, a name in any order, maybe a city, a postcode or a
department, maybe a number with spaces. The parser says what it understood so the answer can show
it ("searched: Élodie Belamy, Lyon"), and the search uses each part for what it is.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

from vigie.registry.normalize import city_key, fold, name_tokens

MAX_CITY_WORDS = 4
_NUMBER = re.compile(r"(?<![\w])(\d[\d .\-/]*\d)(?![\w])")
_DEPARTMENT = re.compile(r"^(0[1-9]|[1-8]\d|9[0-5]|2a|2b|97[1-6])$")
_KEYWORDS = frozenset({"rpps", "adeli", "n", "no", "num", "numero", "identifiant", "id"})
_TITLES = {
    "dr": "Dr",
    "docteur": "Dr",
    "doctoresse": "Dr",
    "doc": "Dr",
    "pr": "Pr",
    "professeur": "Pr",
    "mme": "Mme",
    "madame": "Mme",
    "mlle": "Mme",
    "mademoiselle": "Mme",
    "m": "M.",
    "monsieur": "M.",
}
_CITY_LINKS = frozenset({"a", "au", "sur", "in", "ville"})


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """What a free query contained; ``name_tokens`` are folded, particles dropped."""

    raw: str
    identifier: str | None = None
    name_tokens: tuple[str, ...] = ()
    name_text: str = ""
    title: str | None = None
    city: str | None = None
    postcode: str | None = None
    department: str | None = None


def parse_query(text: str, known_cities: Container[str] = frozenset()) -> ParsedQuery:
    """Split ``text`` into identifier, title, name words and place; ``known_cities`` are city keys."""
    identifier, postcode, department, rest = _take_numbers(text)
    words = fold(rest).split()
    title = next((_TITLES[w] for w in words if w in _TITLES), None)
    words = [w for w in words if w not in _TITLES and w not in _KEYWORDS]
    words, city = _take_city(words, known_cities)
    if department is None and len(words) > 2 and _DEPARTMENT.match(words[-1]):
        department = words.pop().upper()
    tokens = name_tokens(" ".join(words))
    return ParsedQuery(
        raw=text,
        identifier=identifier,
        name_tokens=tokens,
        name_text=" ".join(tokens),
        title=title,
        city=city,
        postcode=postcode,
        department=department,
    )


def _take_numbers(text: str) -> tuple[str | None, str | None, str | None, str]:
    """Pull out an identifier-like number (6+ digits), a postcode (5) or a department (2–3)."""
    identifier = postcode = department = None
    kept: list[str] = []
    last = 0
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group(1))
        kept.append(text[last : match.start()])
        last = match.end()
        if len(digits) >= 6 and identifier is None:
            identifier = match.group(1).strip()
        elif len(digits) == 5 and postcode is None:
            postcode = digits
        elif department is None and _DEPARTMENT.match(digits):
            department = digits
        else:
            kept.append(match.group(0))
    kept.append(text[last:])
    return identifier, postcode, department, " ".join(kept)


def _take_city(words: list[str], known_cities: Container[str]) -> tuple[list[str], str | None]:
    """A known city at the end of the query, when a name word remains before it.

    ``Martin Lyon`` may be a surname and a city or two names: the search tries both readings when
    only one name word is left, and keeps the better answer.
    """
    for size in range(min(MAX_CITY_WORDS, len(words) - 1), 0, -1):
        candidate = city_key(" ".join(words[-size:]))
        if candidate and candidate in known_cities:
            remaining = words[:-size]
            while len(remaining) > 1 and remaining[-1] in _CITY_LINKS:
                remaining.pop()
            return remaining, candidate
    return words, None
