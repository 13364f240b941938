"""A small synthetic registry for page and browser tests (no real person: every name is invented).

``seed_demo_registry`` writes one complete snapshot through the ORM, makes it current, then calls the
search-index hook exactly as the loader does, so the search service sees what it would after a real
``vigie registry load``. It covers what the pages must explain: a dermatologist (authorised), a
general practitioner (toxin not authorised), a nurse, an intern, twelve homonyms, an ADELI number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from vigie.registry.models import Activity, Practitioner, RegistryState, SavoirFaire, Snapshot
from vigie.registry.search import index_files

SOURCE_DATE = dt.date(2026, 11, 2)
BELLAMY_RPPS = "10000000009"
GP_RPPS = "10000000017"
NURSE_RPPS = "10000000025"
INTERN_RPPS = "10000000033"
ADELI_NUMBER = "690000013"
INVALID_RPPS = "10000000001"  # fails the Luhn check
HOMONYM_LAST, HOMONYM_FIRST = "MARTIN", "Isabelle"
HOMONYM_COUNT = 12

_PROFESSIONS = {"10": "Médecin", "60": "Infirmier", "40": "Chirurgien-Dentiste"}
_CITIES = [
    ("Lyon", "69006", "69"),
    ("Paris", "75011", "75"),
    ("Marseille", "13008", "13"),
    ("Nantes", "44000", "44"),
    ("Lille", "59000", "59"),
    ("Bordeaux", "33000", "33"),
    ("Toulouse", "31000", "31"),
    ("Nice", "06000", "06"),
    ("Rennes", "35000", "35"),
    ("Strasbourg", "67000", "67"),
    ("Montpellier", "34000", "34"),
    ("Dijon", "21000", "21"),
]


@dataclass(frozen=True)
class DemoPerson:
    identifier: str
    last_name: str
    first_name: str
    profession_code: str = "10"
    category_code: str = "C"
    savoir_faire: tuple[tuple[str, str], ...] = ()
    places: tuple[tuple[str, str, str], ...] = field(default=(("Lyon", "69006", "69"),))
    identifier_type: str = "8"


def _luhn_rpps(payload: str) -> str:
    from vigie.registry.identifiers import luhn_check_digit

    return payload + luhn_check_digit(payload)


def demo_people() -> list[DemoPerson]:
    people = [
        DemoPerson(
            BELLAMY_RPPS,
            "BELLAMY-ROCHE",
            "Élodie",
            savoir_faire=(("SM15", "Dermatologie et vénéréologie"),),
            places=(("Lyon", "69006", "69"), ("Villeurbanne", "69100", "69")),
        ),
        DemoPerson(
            GP_RPPS, "DUPONT-LEGRAND", "Marc", savoir_faire=(("SM54", "Médecine générale"),)
        ),
        DemoPerson(
            NURSE_RPPS,
            "LEFEBVRE",
            "Chloé",
            profession_code="60",
            places=(("Paris", "75011", "75"),),
        ),
        DemoPerson(
            INTERN_RPPS,
            "NGUYEN",
            "Thomas",
            category_code="E",
            savoir_faire=(("SM15", "Dermatologie et vénéréologie"),),
            places=(("Nantes", "44000", "44"),),
        ),
        DemoPerson(ADELI_NUMBER, "FONTAINE", "Julie", profession_code="40", identifier_type="0"),
    ]
    for number, place in enumerate(_CITIES[:HOMONYM_COUNT]):
        people.append(
            DemoPerson(
                _luhn_rpps(f"1000001{number:03d}"),
                HOMONYM_LAST,
                HOMONYM_FIRST,
                savoir_faire=(("SM54", "Médecine générale"),),
                places=(place,),
            )
        )
    return people


def _rows(snapshot_id: int, key: int, person: DemoPerson) -> list[object]:
    rows: list[object] = [
        Practitioner(
            snapshot_id=snapshot_id,
            person_key=key,
            identifier_type=person.identifier_type,
            identifier=person.identifier,
            national_id=person.identifier_type + person.identifier,
            title_code="DR" if person.profession_code == "10" else "",
            civility_code="",
            last_name=person.last_name,
            first_name=person.first_name,
            profession_code=person.profession_code,
            profession_label=_PROFESSIONS[person.profession_code],
            category_code=person.category_code,
            category_label={"C": "Civil", "E": "Étudiant"}[person.category_code],
        )
    ]
    for seq, (city, postcode, department) in enumerate(person.places):
        rows.append(
            Activity(
                snapshot_id=snapshot_id,
                person_key=key,
                seq=seq,
                site_name=f"CABINET {person.last_name}",
                address=f"{12 + key} RUE DES TILLEULS",  # invented, like every value here
                phone=f"04{key:04d}{seq:04d}",
                postcode=postcode,
                city=city,
                department=department,
            )
        )
    for code, label in person.savoir_faire:
        rows.append(
            SavoirFaire(
                snapshot_id=snapshot_id,
                person_key=key,
                code=code,
                type_code="S",
                type_label="Spécialité ordinale",
                label=label,
            )
        )
    return rows


def seed_demo_registry(session: Session, index_dir: Path) -> int:
    """Write and publish the demo snapshot; returns its id. The caller commits."""
    people = demo_people()
    now = dt.datetime.now(dt.UTC)
    snapshot = Snapshot(
        status="complete",
        source_date=SOURCE_DATE,
        source_date_origin="file_stamp",
        source_files=["demo"],
        started_at=now,
        loaded_at=now,
        persons=len(people),
    )
    session.add(snapshot)
    session.flush()
    for key, person in enumerate(people):
        session.add_all(_rows(snapshot.id, key, person))
    session.flush()
    index_files.build_for_snapshot(session, snapshot.id, index_dir)
    state = session.get(RegistryState, 1) or RegistryState(id=1)
    state.current_snapshot_id = snapshot.id
    session.add(state)
    session.flush()
    return snapshot.id
