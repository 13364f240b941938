"""Where a patient reports near home: the regional health agency (ARS) of each région.

An ARS receives reports of illegal aesthetic practices for its région, so a patient needs hers,
not one agency for all of France. The table is keyed by the INSEE région code (``"75"`` for
Nouvelle-Aquitaine), the code Etalab's official administrative division gives every département;
the département → région step is that division's, done by the caller (``vigie.reports.addressees``
holds it), so this module keeps only what the division does not carry: each agency's site.

The national reporting portal has one address, used by every page and sheet: ``NATIONAL_PORTAL``
(the ANSM's patient page points to it).
"""

from __future__ import annotations

from dataclasses import dataclass

NATIONAL_PORTAL = "https://signalement.social-sante.gouv.fr/"


@dataclass(frozen=True, slots=True)
class Agency:
    region: str
    name: str
    url: str


_SITES = {
    "01": ("Guadeloupe", "https://www.guadeloupe.ars.sante.fr/"),
    "02": ("Martinique", "https://www.martinique.ars.sante.fr/"),
    "03": ("Guyane", "https://www.guyane.ars.sante.fr/"),
    "04": ("La Réunion", "https://www.lareunion.ars.sante.fr/"),
    "06": ("Mayotte", "https://www.mayotte.ars.sante.fr/"),
    "11": ("Île-de-France", "https://www.iledefrance.ars.sante.fr/"),
    "24": ("Centre-Val de Loire", "https://www.centre-val-de-loire.ars.sante.fr/"),
    "27": ("Bourgogne-Franche-Comté", "https://www.bourgogne-franche-comte.ars.sante.fr/"),
    "28": ("Normandie", "https://www.normandie.ars.sante.fr/"),
    "32": ("Hauts-de-France", "https://www.hauts-de-france.ars.sante.fr/"),
    "44": ("Grand Est", "https://www.grand-est.ars.sante.fr/"),
    "52": ("Pays de la Loire", "https://www.pays-de-la-loire.ars.sante.fr/"),
    "53": ("Bretagne", "https://www.bretagne.ars.sante.fr/"),
    "75": ("Nouvelle-Aquitaine", "https://www.nouvelle-aquitaine.ars.sante.fr/"),
    "76": ("Occitanie", "https://www.occitanie.ars.sante.fr/"),
    "84": ("Auvergne-Rhône-Alpes", "https://www.auvergne-rhone-alpes.ars.sante.fr/"),
    "93": ("Provence-Alpes-Côte d'Azur", "https://www.paca.ars.sante.fr/"),
    "94": ("Corse", "https://www.corse.ars.sante.fr/"),
}
AGENCIES = {code: Agency(code, f"ARS {name}", url) for code, (name, url) in _SITES.items()}


def agency_of_region(region_code: str) -> Agency | None:
    """The ARS of an INSEE région code; ``None`` for a code that names no région with an ARS."""
    return AGENCIES.get(region_code)
