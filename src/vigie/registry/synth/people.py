"""Synthetic practitioners: random but realistic people, plus a few fixed, documented demo people.

Names are real French surnames and first names with their frequencies (``real_names``); only the
demo people have invented ones. Everything is drawn from one seeded ``random.Random`` so an extract
is identical for a seed. The identifiers are Luhn-valid and unique: RPPS numbers come from a
bijection of the person's index (mod 10^8), so no set of used numbers is needed even at national
scale.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Generic, TypeVar

from vigie.registry.synth import real_names
from vigie.registry.synth.codes import (
    DENTIST_SPECIALTIES,
    PHYSICIAN_EXTRAS,
    PHYSICIAN_SPECIALTIES,
    PROFESSIONS,
    Profession,
)
from vigie.registry.synth.names import COMMUNES
from vigie.registry.verdict import PHYSICIAN

T = TypeVar("T")
_DOUBLE = str.maketrans("0123456789", "0246813579")  # Luhn: a doubled digit, digits summed
SavoirFaire = tuple[str, str, str]  # code, type code, label
Commune = tuple[str, str, str, str, int]
RESERVED_RPPS_BODIES = 100


class Weighted(Generic[T]):
    """Draw from ``(value, weight)`` pairs with one ``random()`` and a bisect (fast, seeded)."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect(self.cumulative, rng.random() * self.total)]


@dataclass(slots=True)
class Site:
    commune: Commune
    mode: str
    number: int
    street_type: int
    street: int
    site_name: str = ""


@dataclass(slots=True)
class Person:
    rpps: bool
    identifier: str
    female: bool
    last_name: str
    first_name: str
    profession: Profession
    category: str
    savoir_faire: list[SavoirFaire] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)


def luhn_complete(payload: str) -> str:
    """``payload`` followed by the digit that makes it Luhn-valid (one pass, no trial and error)."""
    doubled = sum(map(int, payload[-1::-2].translate(_DOUBLE)))
    total = doubled + sum(map(int, payload[-2::-2]))
    return payload + str(-total % 10)


def rpps_for(index: int, seed: int = 0) -> str:
    """The index-th synthetic RPPS: '10' + a bijective scramble of the index + Luhn digit."""
    offset = 1_234_567 + seed * 7_919
    body = (index * 48271 + offset) % 100_000_000
    while body < RESERVED_RPPS_BODIES:  # reserved for the fixed demo people
        index += 50_000_000
        body = (index * 48271 + offset) % 100_000_000
    return luhn_complete(f"10{body:08d}")


def adeli_for(index: int, department: str, seed: int = 0) -> str:
    body = (index * 7919 + 13 + seed * 48_271) % 1_000_000
    digits = department[:2] if department[:2].isdigit() else "20"  # Corsica: 2A / 2B
    return luhn_complete(f"{digits}{body:06d}")


PROFESSION_TABLE: Weighted[Profession] = Weighted([(p, p.weight) for p in PROFESSIONS])
SPECIALTY_TABLE: Weighted[SavoirFaire] = Weighted(
    [((c, t, label), w) for c, t, label, w in PHYSICIAN_SPECIALTIES]
)
EXTRA_TABLE: Weighted[SavoirFaire] = Weighted(
    [((c, t, label), w) for c, t, label, w in PHYSICIAN_EXTRAS]
)
DENTIST_TABLE: Weighted[SavoirFaire] = Weighted(
    [((c, t, label), w) for c, t, label, w in DENTIST_SPECIALTIES]
)
COMMUNE_TABLE: Weighted[Commune] = Weighted([(commune, commune[4]) for commune in COMMUNES])
# Number of activities (0 = a person listed without any practice site): ~2 rows per person.
ACTIVITY_COUNTS: Weighted[int] = Weighted([(0, 7), (1, 33), (2, 30), (3, 18), (4, 12)])


def savoir_faire_for(
    profession: Profession, category: str, rng: random.Random
) -> list[SavoirFaire]:
    if category == "E":  # students hold no specialty yet
        return []
    if profession.code == PHYSICIAN:
        found = [SPECIALTY_TABLE.pick(rng)]
        if rng.random() < 0.06:
            extra = EXTRA_TABLE.pick(rng)
            if extra[0] != found[0][0]:
                found.append(extra)
        return found
    if profession.code == "40" and rng.random() < 0.1:
        return [DENTIST_TABLE.pick(rng)]
    return []


def random_person(
    index: int, rng: random.Random, seed: int = 0, adeli_numbers: Iterator[int] | None = None
) -> Person:
    """The index-th random person; ADELI numbers come from their own counter (unique per dept)."""
    profession = PROFESSION_TABLE.pick(rng)
    female = rng.random() < (0.87 if profession.code in ("60", "50") else 0.55)
    draw = rng.random()
    category = "E" if draw < profession.student_share else ("M" if draw > 0.96 else "C")
    sites = [random_site(rng, profession) for _ in range(ACTIVITY_COUNTS.pick(rng))]
    department = sites[0].commune[3] if sites else "75"
    if profession.rpps:
        identifier = rpps_for(index, seed)
    else:
        identifier = adeli_for(next(adeli_numbers) if adeli_numbers else index, department, seed)
    first = real_names.first_name(rng, female)
    last = real_names.surname(rng)
    person = Person(profession.rpps, identifier, female, last, first, profession, category)
    person.savoir_faire = savoir_faire_for(profession, category, rng)
    person.sites = sites
    return person


def random_site(rng: random.Random, profession: Profession) -> Site:
    liberal = rng.random() < (0.3 if profession.code == "60" else 0.6)
    return Site(
        COMMUNE_TABLE.pick(rng),
        "L" if liberal else "S",
        int(rng.random() * 180) + 1,
        int(rng.random() * 13),
        int(rng.random() * 28),
    )
