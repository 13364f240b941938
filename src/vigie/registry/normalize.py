"""Name and place normalisation shared by the index build and the search (pure functions).

Both sides must fold a name the same way, or a query can never meet its row: lower case, accents
and ligatures folded to ASCII, hyphens and other punctuation become token breaks, the elided
particles ``d'`` / ``l'`` are split off while other apostrophes join (``N'GUESSAN`` → ``nguessan``),
and particles (``de``, ``du``, ``des``, ``le``, ``la``…) are dropped so that ``de la Fontaine`` and
``Fontaine`` are compared on the word that identifies the person.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

PARTICLES = frozenset(
    {
        "de",
        "du",
        "des",
        "le",
        "la",
        "les",
        "d",
        "l",
        "da",
        "das",
        "dos",
        "di",
        "del",
        "van",
        "von",
        "der",
        "den",
    }
)
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ø": "o"})
_ELIDED = re.compile(r"\b([dl])['’‘`´]")
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARRONDISSEMENT = re.compile(r"\b\d+\s*(e|er|eme|ème)?\s+arrondissement\b")
_CEDEX = re.compile(r"\bcedex\b.*$")
_SAINT = re.compile(r"\b(st)\b")
_SAINTE = re.compile(r"\b(ste)\b")


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower-case ASCII: accents, ligatures and punctuation folded; words separated by one space."""
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES).lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _ELIDED.sub(r"\1 ", text)
    text = _APOSTROPHES.sub("", text)
    return _NON_ALNUM.sub(" ", text).strip()


def name_tokens(text: str) -> tuple[str, ...]:
    """The identifying words of a name: folded, split, particles dropped (kept if nothing else is)."""
    words = [word for word in fold(text).split() if not word.isdigit()]
    kept = tuple(word for word in words if word not in PARTICLES)
    return kept or tuple(words)


def person_tokens(last_name: str, first_name: str) -> tuple[str, ...]:
    """All name tokens of a registry row, last name first (order does not matter to the search)."""
    return name_tokens(last_name) + name_tokens(first_name)


def city_key(city: str) -> str:
    """A city as people type it: ``Lyon 6e Arrondissement`` and ``LYON CEDEX 03`` both give ``lyon``."""
    folded = _CEDEX.sub("", fold(city))
    folded = _ARRONDISSEMENT.sub("", folded)
    folded = _SAINTE.sub("sainte", _SAINT.sub("saint", folded))
    return " ".join(folded.split())


def department_of(postcode: str) -> str:
    """The department a French postcode belongs to (``2A``/``2B`` for Corsica, 3 digits overseas)."""
    if len(postcode) != 5 or not postcode.isdigit():
        return ""
    if postcode.startswith("97") or postcode.startswith("98"):
        return postcode[:3]
    if postcode.startswith("20"):
        return "2A" if int(postcode) < 20200 else "2B"
    return postcode[:2]
