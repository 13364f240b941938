"""The directory query over a small registry, on SQLite and PostgreSQL: who is listed, in what order.

The verdict table is evaluated on the index's arrays; every listed person must be one the verdict
service itself calls authorised, and every such person in the région must be listed.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy.orm import Session, sessionmaker

from registry.factories import SAVOIR_FAIRE, Person, insert_snapshot, rpps
from vigie.config import Settings
from vigie.registry.search.current import current_index
from vigie.registry.search.directory import Scope, find
from vigie.registry.search.hydrate import candidate_at
from vigie.registry.verdict import Act

LYON = frozenset({f"6900{n}" for n in range(1, 10)})
RHONE_ALPES = frozenset({"01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74"})
PLACES = [
    ("Lyon", "69006", "69"),
    ("Lyon", "69003", "69"),
    ("Villeurbanne", "69100", "69"),
    ("Grenoble", "38000", "38"),
    ("Lille", "59000", "59"),
]


def _people() -> list[Person]:
    rng = random.Random(14)
    people = [
        Person("ZOLA", "Anne", savoir_faire=("SM15",), places=(("Lyon", "69006", "69"),)),
        Person("ABEL", "Marc", savoir_faire=("SM26",), places=(("Lyon", "69006", "69"),)),
        Person("BRUN", "Léa", savoir_faire=("SM10",), places=(("Grenoble", "38000", "38"),)),
        Person("CARRÉ", "Noé", savoir_faire=("SM15",), category_code="E"),
        Person("DUC", "Ève", profession_code="60", places=(("Lyon", "69003", "69"),)),
        Person(
            "ÉLIE",
            "Jean",
            savoir_faire=("SM34",),
            places=(("Lille", "59000", "59"), ("Villeurbanne", "69100", "69")),
        ),
    ]
    for number in range(80):
        people.append(
            Person(
                f"NOM{number:02d}",
                "Prénom",
                profession_code=rng.choice(["10", "10", "10", "60", "40", "50"]),
                category_code=rng.choice(["C", "C", "M", "E", ""]),
                savoir_faire=tuple(rng.sample(sorted(SAVOIR_FAIRE), rng.randint(0, 2))),
                places=tuple(rng.sample(PLACES, rng.randint(0, 2))),
                identifier=rpps(9000 + number),
            )
        )
    return people


@pytest.fixture
def world(settings: Settings, session_factory: sessionmaker[Session]) -> Settings:
    insert_snapshot(session_factory, _people(), settings.index_dir)
    return settings


def _everyone(settings: Settings, session: Session, act: Act, scope: Scope) -> list[str]:
    info, index = current_index(session, settings)
    cards = [candidate_at(index, info, p) for p in range(len(index.arrays["person_key"]))]
    return sorted(
        c.identifier
        for c in cards
        if getattr(c.verdicts, act.value).status == "authorised"
        and any(a.department in scope.region_departments for a in c.activities)
    )


@pytest.mark.parametrize("act", list(Act))
def test_the_listed_are_exactly_the_authorised_of_the_region(
    world: Settings, session_factory: sessionmaker[Session], act: Act
) -> None:
    scope = Scope(LYON, "69", RHONE_ALPES)
    with session_factory() as session:
        info, index = current_index(session, world)
        hits = find(index, act, scope, limit=500)
        listed = sorted(candidate_at(index, info, p).identifier for p in hits.positions.tolist())
        assert listed == _everyone(world, session, act, scope)
    assert hits.total == len(listed)
    assert sum(hits.by_tier) == hits.total


def test_ranking_is_commune_then_department_then_region_then_specialty_then_name(
    world: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        info, index = current_index(session, world)
        hits = find(index, Act.HA_FILLER, Scope(LYON, "69", RHONE_ALPES), limit=500)
        cards = [candidate_at(index, info, p) for p in hits.positions.tolist()]
    tiers = hits.tiers.tolist()
    assert tiers == sorted(tiers)
    names = [c.last_name for c in cards]
    assert tiers[names.index("ZOLA")] == tiers[names.index("ABEL")] == 0
    assert names.index("ZOLA") < names.index("ABEL")  # same commune: a dermatologist first
    assert "BRUN" in names  # Grenoble, same région
    assert "DUC" not in names  # a nurse
    assert "CARRÉ" not in names  # an intern
    elie = names.index("ÉLIE")
    assert tiers[elie] == 1  # Villeurbanne: the same département, not the commune
    for tier in (0, 1, 2):
        group = [c for c, t in zip(cards, tiers, strict=True) if t == tier]
        relevant = [
            any(s.code in ("SM15", "SM10", "C83", "SM38") for s in c.savoir_faire) for c in group
        ]
        assert relevant == sorted(relevant, reverse=True)


def test_toxin_lists_only_the_named_specialties_and_limits_hold(
    world: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        info, index = current_index(session, world)
        scope = Scope(frozenset(), "69", RHONE_ALPES)
        hits = find(index, Act.BOTULINUM_TOXIN, scope, limit=2)
        every = find(index, Act.BOTULINUM_TOXIN, scope, limit=500)
        cards = [candidate_at(index, info, p) for p in every.positions.tolist()]
    assert hits.positions.tolist() == every.positions.tolist()[:2]
    assert hits.total == every.total == len(cards)
    assert all(c.verdicts.botulinum_toxin.status == "authorised" for c in cards)
    assert all(c.savoir_faire for c in cards)
    first = [
        (c.last_name, c.first_name)
        for c, t in zip(cards, every.tiers.tolist(), strict=True)
        if t == 1
    ]
    assert first == sorted(first)  # a département: all in tier 1, by name
