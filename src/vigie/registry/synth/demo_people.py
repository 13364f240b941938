"""Fixed synthetic practitioners present in every generated extract (demo, manual checks, tests).

They are invented people with made-up, Luhn-valid RPPS numbers in a reserved range
(``100000000xx``) that random people never use. Each one exercises a verdict case: a dermatologist
and a plastic surgeon (may inject), a GP, an intern (category E), a dentist, an ENT, a nurse and a
midwife (registered in another profession), a common homonym.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigie.registry.synth.codes import PHYSICIAN_EXTRAS, PHYSICIAN_SPECIALTIES, Profession
from vigie.registry.synth.names import COMMUNES
from vigie.registry.synth.people import Person, Site

_SF_LABELS = {code: (kind, label) for code, kind, label, _ in PHYSICIAN_SPECIALTIES}
_SF_LABELS |= {code: (kind, label) for code, kind, label, _ in PHYSICIAN_EXTRAS}


@dataclass(frozen=True, slots=True)
class DemoPractitioner:
    rpps: str
    last_name: str
    first_name: str
    female: bool
    profession_code: str
    category: str  # C civil, E student
    savoir_faire: tuple[str, ...]  # codes, main first
    postcodes: tuple[str, ...]  # one practice site per postcode; empty: no site
    note: str
    site_name: str = ""


DEMO_PRACTITIONERS: tuple[DemoPractitioner, ...] = (
    DemoPractitioner("10000000009", "BELLAMY-ROCHE", "Élodie", True, "10", "C", ("SM15",), ("69006",), "dermatologist, Lyon", "CABINET DE DERMATOLOGIE DU PARC"),
    DemoPractitioner("10000000017", "N'GUESSAN", "Jean-Baptiste", False, "60", "C", (), (), "nurse without a practice site"),
    DemoPractitioner("10000000025", "LE GOFF", "Hélène", True, "10", "C", ("SM54",), ("35000",), "general practitioner, Rennes"),
    DemoPractitioner("10000000033", "D'ALMEIDA", "Théo", False, "10", "E", (), ("75013",), "intern (student, category E), Paris"),
    DemoPractitioner("10000000041", "DE LA FONTAINE", "Sophie", True, "40", "C", (), ("33000",), "dentist, Bordeaux"),
    DemoPractitioner("10000000058", "MOREAU", "François-Xavier", False, "10", "C", ("SM34",), ("13008",), "ENT (ORL) surgeon, Marseille"),
    DemoPractitioner("10000000066", "SAINT-CLAIR", "Camille", True, "10", "C", ("SM10", "C83"), ("06000", "06400"), "plastic surgeon, Nice and Cannes"),
    DemoPractitioner("10000000074", "BENALI", "Inès", True, "50", "C", (), ("31000",), "midwife, Toulouse"),
    DemoPractitioner("10000000082", "MARTIN", "Isabelle", True, "10", "C", ("SM53",), ("75016",), "GP with a very common name (homonyms)"),
    DemoPractitioner("10000000090", "DUBOIS", "Marc", False, "21", "C", (), ("59000",), "pharmacist, Lille"),
    DemoPractitioner("10000000108", "ROUSSEL", "Julie", True, "10", "C", ("SM38",), ("44000", "44600"), "ophthalmologist, Nantes and Saint-Nazaire"),
    DemoPractitioner("10000000116", "PERRIN", "Nathalie", True, "60", "C", (), ("75011",), "liberal nurse, Paris"),
)  # fmt: skip


def _commune(postcode: str) -> tuple[str, str, str, str, int]:
    return next(c for c in COMMUNES if c[1] == postcode)


def demo_person(demo: DemoPractitioner, profession: Profession) -> Person:
    sites = [
        Site(_commune(pc), "S" if demo.category == "E" else "L", 12, 0, 5, demo.site_name)
        for pc in demo.postcodes
    ]
    savoir_faire = [(code, *_SF_LABELS[code]) for code in demo.savoir_faire]
    return Person(
        rpps=True,
        identifier=demo.rpps,
        female=demo.female,
        last_name=demo.last_name,
        first_name=demo.first_name,
        profession=profession,
        category=demo.category,
        savoir_faire=savoir_faire,
        sites=sites,
    )
