"""Write small registry snapshots straight into the database, the way the loader leaves them.

``insert_snapshot`` writes practitioners, activities and savoir-faire with dense person keys, builds
the search index through the loader's hook, and makes the snapshot current. Every name here is
invented (syllable soup or obviously fictional), never a real person.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Environment, Settings
from vigie.db.engine import make_engine, make_session_factory
from vigie.db.migrate import upgrade
from vigie.registry.identifiers import luhn_check_digit
from vigie.registry.models import (
    Activity,
    Practitioner,
    RegistryState,
    SavoirFaire,
    Snapshot,
    SnapshotStatus,
)
from vigie.registry.search import index_files
from vigie.registry.search.current import forget_cached

SOURCE_DATE = dt.date(2026, 11, 2)
POSTGRES_URL = os.environ.get("VIGIE_TEST_POSTGRES_URL", "")
PROFESSIONS = {
    "10": "Médecin",
    "21": "Pharmacien",
    "40": "Chirurgien-Dentiste",
    "50": "Sage-Femme",
    "60": "Infirmier",
}
SAVOIR_FAIRE = {
    "SM15": ("S", "Dermatologie et vénéréologie"),
    "SM10": ("S", "Chirurgie plastique reconstructrice et esthétique"),
    "SM26": ("S", "Qualifié en Médecine Générale"),
    "SM34": ("S", "Oto-rhino-laryngologie"),
    "SM38": ("S", "Ophtalmologie"),
    "C83": ("C", "Chirurgie de la face et du cou"),
}


@dataclass(frozen=True)
class Person:
    last_name: str
    first_name: str
    profession_code: str = "10"
    category_code: str = "C"
    savoir_faire: tuple[str, ...] = ()
    places: tuple[tuple[str, str, str], ...] = (("Lyon", "69006", "69"),)
    identifier: str | None = None
    identifier_type: str = "8"
    title_code: str = "DR"


@dataclass
class Registry:
    snapshot_id: int
    persons: list[Person] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)


def rpps(number: int) -> str:
    payload = f"1{number:09d}"
    return payload + luhn_check_digit(payload)


def adeli(number: int) -> str:
    payload = f"69{number:06d}"
    return payload + luhn_check_digit(payload)


def insert_snapshot(
    factory: sessionmaker[Session],
    persons: Sequence[Person],
    index_dir: Path,
    *,
    source_date: dt.date | None = SOURCE_DATE,
    make_current: bool = True,
) -> Registry:
    with factory() as session, session.begin():
        snapshot = Snapshot(
            status=SnapshotStatus.COMPLETE,
            source_date=source_date,
            source_date_origin="file_stamp",
            source_files=["synthetic"],
            started_at=dt.datetime.now(dt.UTC),
            loaded_at=dt.datetime.now(dt.UTC),
            persons=len(persons),
        )
        session.add(snapshot)
        session.flush()
        registry = Registry(snapshot.id, list(persons))
        for key, person in enumerate(persons):
            registry.identifiers.append(_add_person(session, snapshot.id, key, person))
        session.flush()
        index_files.build_for_snapshot(session, snapshot.id, index_dir)
        if make_current:
            _make_current(session, snapshot.id)
    return registry


def _add_person(session: Session, snapshot_id: int, key: int, person: Person) -> str:
    identifier = person.identifier or (
        rpps(key + 1) if person.identifier_type == "8" else adeli(key + 1)
    )
    session.add(
        Practitioner(
            snapshot_id=snapshot_id,
            person_key=key,
            identifier_type=person.identifier_type,
            identifier=identifier,
            national_id=person.identifier_type + identifier,
            title_code=person.title_code if person.profession_code == "10" else "",
            civility_code="",
            last_name=person.last_name,
            first_name=person.first_name,
            profession_code=person.profession_code,
            profession_label=PROFESSIONS.get(person.profession_code, "Autre"),
            category_code=person.category_code,
            category_label="",
        )
    )
    for seq, (city, postcode, department) in enumerate(person.places):
        session.add(
            Activity(
                snapshot_id=snapshot_id,
                person_key=key,
                seq=seq,
                site_name=f"Cabinet {city}",
                city=city,
                postcode=postcode,
                department=department,
            )
        )
    for code in person.savoir_faire:
        kind, label = SAVOIR_FAIRE.get(code, ("S", code))
        session.add(
            SavoirFaire(
                snapshot_id=snapshot_id, person_key=key, code=code, type_code=kind, label=label
            )
        )
    return identifier


def _make_current(session: Session, snapshot_id: int) -> None:
    state = session.get(RegistryState, 1)
    if state is None:
        session.add(RegistryState(id=1, current_snapshot_id=snapshot_id))
    else:
        state.previous_snapshot_id = state.current_snapshot_id
        state.current_snapshot_id = snapshot_id


_SYLLABLES = [
    "ba",
    "bel",
    "ca",
    "dor",
    "fa",
    "gil",
    "lan",
    "mar",
    "mon",
    "nou",
    "pel",
    "ro",
    "sau",
    "tan",
    "ver",
    "vil",
    "zo",
    "che",
    "ri",
    "lou",
]
_FIRST = [
    "Élodie",
    "Jean",
    "Anaïs",
    "Loïc",
    "Mathilde",
    "Hélène",
    "Noé",
    "Inès",
    "Zoé",
    "Gaël",
    "Léa",
    "Cécile",
]
_CITIES = [
    ("Lyon", "69003", "69"),
    ("Paris", "75011", "75"),
    ("Lille", "59000", "59"),
    ("Brest", "29200", "29"),
]


def random_people(count: int, seed: int = 7) -> list[Person]:
    """Invented people: syllable surnames, some hyphenated or with a particle, common first names."""
    rng = random.Random(seed)
    people = []
    for _ in range(count):
        last = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).upper()
        if rng.random() < 0.15:
            last += "-" + "".join(rng.choice(_SYLLABLES) for _ in range(3)).upper()
        elif rng.random() < 0.08:
            last = rng.choice(["DE ", "LE ", "D'"]) + last
        first = rng.choice(_FIRST)
        people.append(Person(last, first, places=(rng.choice(_CITIES),)))
    return people


World = tuple[Settings, sessionmaker[Session], Registry]


def shared_registry(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    people: Sequence[Person],
) -> Iterator[World]:
    """Body of a module-scoped fixture parametrised ``sqlite`` / ``postgresql``: one registry per
    backend for a whole module of read-only tests (a fresh database per test costs more than them)."""
    data_dir = tmp_path_factory.mktemp("registry")
    url, name = f"sqlite:///{data_dir / 'vigie.sqlite3'}", ""
    if request.param == "postgresql":
        template = request.getfixturevalue("postgres_template")
        if template is None:
            pytest.skip(
                "PostgreSQL not configured (set VIGIE_TEST_POSTGRES_URL or run `make test`)"
            )
        name = f"vigie_reg_{uuid.uuid4().hex[:12]}"
        _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    settings = Settings(
        environment=Environment.TEST, data_dir=data_dir, database_url=url, secret_key="k" * 48
    )
    engine = make_engine(settings)
    upgrade(engine)
    factory = make_session_factory(engine)
    forget_cached(settings)
    yield settings, factory, insert_snapshot(factory, people, settings.index_dir)
    engine.dispose()
    if name:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin(statement: str) -> None:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(statement))
    admin.dispose()
