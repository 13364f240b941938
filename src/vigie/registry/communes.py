"""Official communes with their postcodes: where a place typed by a patient is (pure, cached).

``data/communes.tsv`` is written by ``scripts/gen_communes.py`` from Etalab's
``@etalab/decoupage-administratif`` (INSEE's Code officiel géographique, MIT): current communes and
the municipal arrondissements of Paris, Lyon and Marseille, each with its département and postcodes.
A name is matched as people type it (``city_key``: accents, case, "St", "Lyon 6e arrondissement");
several communes share a name ("Saint-Denis" in 93 and 974), so the most populous comes first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vigie.registry.normalize import city_key

DATA = Path(__file__).parent / "data" / "communes.tsv"


@dataclass(frozen=True, slots=True)
class Commune:
    code: str  # INSEE code
    name: str
    department: str
    population: int
    postcodes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Tables:
    by_name: dict[str, tuple[Commune, ...]]
    by_postcode: dict[str, tuple[Commune, ...]]


@cache
def _tables() -> _Tables:
    by_name: dict[str, list[Commune]] = {}
    by_postcode: dict[str, list[Commune]] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, department, population, postcodes = line.split("\t")
        commune = Commune(code, name, department, int(population), tuple(postcodes.split(",")))
        by_name.setdefault(city_key(name), []).append(commune)
        for postcode in commune.postcodes:
            by_postcode.setdefault(postcode, []).append(commune)

    def ranked(table: dict[str, list[Commune]]) -> dict[str, tuple[Commune, ...]]:
        return {k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in table.items()}

    return _Tables(ranked(by_name), ranked(by_postcode))


def communes_named(name: str) -> tuple[Commune, ...]:
    """Communes bearing this name, most populous first (an arrondissement's name gives it alone)."""
    return _tables().by_name.get(city_key(name), ())


def communes_of_postcode(postcode: str) -> tuple[Commune, ...]:
    return _tables().by_postcode.get(postcode.strip(), ())
