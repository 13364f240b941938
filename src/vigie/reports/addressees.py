"""Who receives a dossier: the addressee of each destination, named from the account's département.

The CDOM of that département, the ARS of its région, its DDPP for the DGCCRF, a plain "Procureur de
la République" for the prosecutor. Départements and régions come from Etalab's official
administrative division (``data/divisions.json``, written by ``scripts/gen_divisions.py`` from the
npm package ``@etalab/decoupage-administratif``, MIT; its licence is kept in that file), with
INSEE's ``typeLiaison`` giving the right article ("de la Gironde", "du Nord", "de l'Ain").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vigie.reports.workflow import Destination
from vigie.social import LABELS, Platform

DIVISIONS = Path(__file__).parent / "data" / "divisions.json"
# INSEE's "type de nom en clair": the article of a name, and the "de" joined to it.
LIAISONS = ("de ", "d'", "du ", "de la ", "des ", "de l'", "des ", "de las ", "de los ")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    liaison: int
    region: str


@dataclass(frozen=True)
class Addressee:
    """``name`` heads the letter; ``short`` follows "transmis à" ("l'Ordre des médecins de la
    Gironde"); ``department`` is the code it was derived from, empty when unknown."""

    name: str
    short: str
    department: str
    known: bool


@cache
def _divisions() -> dict[str, dict[str, dict[str, str | int]]]:
    data: dict[str, dict[str, dict[str, str | int]]] = json.loads(
        DIVISIONS.read_text(encoding="utf-8")
    )
    return data


def department(code: str) -> Division | None:
    found = _divisions()["departements"].get((code or "").upper())
    if found is None:
        return None
    return Division(
        code.upper(), str(found["nom"]), int(found["typeLiaison"]), str(found["region"])
    )


def region_name(code: str) -> str:
    return str(_divisions()["regions"][code]["nom"])


def of_name(name: str, liaison: int) -> str:
    """``de la Gironde``, ``du Nord``, ``de l'Ain``, ``de Paris`` (INSEE's liaison types)."""
    return LIAISONS[liaison] + name if 0 <= liaison < len(LIAISONS) else f"de {name}"


def addressee(destination: Destination, department_code: str, platform: str) -> Addressee:
    """The addressee of one destination for an account of ``department_code`` (may be empty)."""
    place = department(department_code)
    code = place.code if place else ""
    if destination is Destination.ORDRE:
        if place is None:
            return Addressee("Conseil national de l'Ordre des médecins", "l'Ordre des médecins",
                             "", False)  # fmt: skip
        of = of_name(place.name, place.liaison)
        return Addressee(f"Conseil départemental de l'Ordre des médecins {of}",
                         f"l'Ordre des médecins {of}", code, True)  # fmt: skip
    if destination is Destination.ARS:
        if place is None:
            return Addressee("Agence régionale de santé compétente", "l'ARS", "", False)
        region = region_name(place.region)
        return Addressee(f"Agence régionale de santé {region}", f"l'ARS {region}", code, True)
    if destination is Destination.DGCCRF:
        if place is None:
            return Addressee("Direction générale de la concurrence, de la consommation et de la "
                             "répression des fraudes (DGCCRF)", "la DGCCRF", "", False)  # fmt: skip
        of = of_name(place.name, place.liaison)
        return Addressee(f"Direction départementale de la protection des populations {of} (DDPP)",
                         f"la DDPP {of}", code, True)  # fmt: skip
    if destination is Destination.PROCUREUR:
        return Addressee("Procureur de la République", "le procureur de la République", code, True)
    if destination is Destination.ANSM:
        return Addressee("Agence nationale de sécurité du médicament et des produits de santé "
                         "(ANSM)", "l'ANSM", code, True)  # fmt: skip
    label = LABELS.get(Platform(platform), platform) if platform in set(Platform) else platform
    return Addressee(f"{label} — point de contact pour les notifications de contenus illicites",
                     f"la plateforme {label}", code, True)  # fmt: skip


_ENGLISH_SHORT = (  # the French ``short`` forms above, and what an English reader is told
    ("l'Ordre des médecins ", "the {} council of the Ordre des médecins (medical council)"),
    ("la DDPP ", "the {} consumer protection office (DDPP)"),
    ("l'ARS ", "the regional health agency (ARS) {}"),
    ("la plateforme ", "the platform {}"),
)
_ENGLISH_WHOLE = {
    "l'Ordre des médecins": "the Ordre des médecins (medical council)",
    "l'ARS": "the regional health agency (ARS)",
    "la DGCCRF": "the DGCCRF (consumer protection authority)",
    "le procureur de la République": "the public prosecutor",
    "l'ANSM": "the ANSM (medicines safety agency)",
}


def _without_article(of: str) -> str:
    """``de la Gironde`` → ``Gironde`` (the longest article first: ``de l'`` before ``de ``)."""
    for liaison in sorted(set(LIAISONS), key=len, reverse=True):
        if of.startswith(liaison):
            return of[len(liaison) :]
    return of


def english_short(short: str) -> str:
    """An addressee's ``short`` French form as it reads in English ("l'Ordre des médecins de la
    Gironde" → "the Gironde council of the Ordre des médecins (medical council)"): the transmission
    records keep the French words they were sent with, so the English tracking page translates
    the record's own text; a form not recognised is given as recorded."""
    if short in _ENGLISH_WHOLE:
        return _ENGLISH_WHOLE[short]
    for prefix, english in _ENGLISH_SHORT:
        if short.startswith(prefix):
            rest = short[len(prefix) :]
            return english.format(
                rest if prefix in ("l'ARS ", "la plateforme ") else _without_article(rest)
            )
    return short
