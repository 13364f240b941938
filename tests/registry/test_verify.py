"""The verify service on a small registry, on SQLite and PostgreSQL (via the ``settings`` fixture)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from registry.factories import Person, Registry, World, adeli, random_people, shared_registry
from vigie.config import Settings
from vigie.errors import InvalidInput, NotFound
from vigie.registry.search.current import current_index
from vigie.registry.search.hydrate import candidate_by_identifier, candidates_by_keys
from vigie.registry.verify import practitioner_by_identifier, verify

BELLAMY = Person(
    "BELLAMY-ROCHE",
    "Élodie",
    savoir_faire=("SM15",),
    places=(("Lyon 6e Arrondissement", "69006", "69"), ("Paris", "75011", "")),
)
GP = Person("MARTIN", "Isabelle", savoir_faire=("SM26",), places=(("Lille", "59000", "59"),))
NURSE = Person(
    "N'GUESSAN", "Jean-Baptiste", profession_code="60", places=(("Brest", "29200", "29"),)
)
INTERN = Person("DE LA FONTAINE", "Noé", category_code="E", places=(("Lyon", "69003", "69"),))
ADELI_NURSE = Person("LE GOFF", "Anaïs", profession_code="60", identifier_type="0")
HOMONYMS = [
    Person("MARTIN", "Isabelle", places=((city, code, code[:2]),))
    for city, code in [("Lyon", "69003"), ("Nice", "06000"), ("Brest", "29200")]
]
SEVERAL_SKILLS = Person(
    "ROUSSEL", "Capucine", savoir_faire=("SM26", "SM15"), places=(("Rennes", "35000", "35"),)
)
PEOPLE = [
    BELLAMY,
    GP,
    NURSE,
    INTERN,
    ADELI_NURSE,
    SEVERAL_SKILLS,
    *HOMONYMS,
    *random_people(120, seed=3),
]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    yield from shared_registry(request, tmp_path_factory, PEOPLE)


@pytest.fixture
def settings(world: World) -> Settings:
    return world[0]


@pytest.fixture
def session_factory(
    world: World,
) -> sessionmaker[Session]:
    return world[1]


@pytest.fixture
def registry(world: World) -> Registry:
    return world[2]


def _names(result: object) -> list[tuple[str, str]]:
    return [(c.last_name, c.first_name) for c in result.candidates]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "query",
    [
        "Élodie Bellamy-Roche",
        "elodie bellamy roche",  # accents and hyphen dropped
        "BELLAMY-ROCHE Élodie",  # swapped
        "Elodie Belamy",  # typo + partial compound
        "Dr Élodie Bellamy Lyon",  # title + city
        "elodie bellamy-rohce",  # swapped letters
    ],
)
def test_name_queries_find_the_person(
    registry: Registry, settings: Settings, session_factory: sessionmaker[Session], query: str
) -> None:
    with session_factory() as session:
        result = verify(session, settings, query)
    assert _names(result)[0] == ("BELLAMY-ROCHE", "Élodie")
    best = result.candidates[0]
    assert best.verdicts.botulinum_toxin.status == "authorised"
    assert {a.department for a in best.activities} == {
        "69",
        "75",
    }  # department derived from postcode
    assert result.source_date is not None
    assert result.source == "RPPS"


def test_particles_and_apostrophes(
    registry: Registry, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        assert _names(verify(session, settings, "Noé Fontaine"))[0] == ("DE LA FONTAINE", "Noé")
        assert _names(verify(session, settings, "jean baptiste nguessan"))[0] == (
            "N'GUESSAN",
            "Jean-Baptiste",
        )
        intern = verify(session, settings, "de la fontaine noe").candidates[0]
    assert intern.verdicts.ha_filler.status == "in_training"


def test_homonyms_are_counted_and_narrowed_by_place(
    registry: Registry, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        everyone = verify(session, settings, "Isabelle Martin")
        in_nice = verify(session, settings, "Isabelle Martin", city="Nice")
        by_postcode = verify(session, settings, "Isabelle Martin", postcode="59000")
        by_department = verify(session, settings, "Isabelle Martin 29")
        physicians = verify(session, settings, "Isabelle Martin", profession="médecin")
    assert everyone.homonyms == 4
    assert "4 personnes portent ce nom" in everyone.message
    assert [c.activities[0].city for c in in_nice.candidates] == ["Nice"]
    assert [c.activities[0].city for c in by_postcode.candidates] == ["Lille"]
    assert by_department.parsed.department == "29"
    assert [c.activities[0].city for c in by_department.candidates] == ["Brest"]
    assert len(physicians.candidates) == 4


def test_a_city_that_is_not_one_falls_back_to_the_name(
    registry: Registry, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        result = verify(
            session, settings, "Élodie Bellamy Brest"
        )  # Brest is a city, she is not there
    assert _names(result)[0] == ("BELLAMY-ROCHE", "Élodie")
    assert result.parsed.city is None


@pytest.mark.parametrize("form", ["{rpps}", "8{rpps}", "RPPS {spaced}", "n° {dotted}"])
def test_identifier_forms(
    registry: Registry, settings: Settings, session_factory: sessionmaker[Session], form: str
) -> None:
    rpps = registry.identifiers[0]
    query = form.format(
        rpps=rpps,
        spaced=f"{rpps[:3]} {rpps[3:6]} {rpps[6:9]} {rpps[9:]}",
        dotted=".".join([rpps[:5], rpps[5:]]),
    )
    with session_factory() as session:
        result = verify(session, settings, query)
    assert result.identifier_check is not None
    assert result.identifier_check.valid
    assert [c.identifier for c in result.candidates] == [rpps]
    assert result.candidates[0].score == 1.0


def test_adeli_number(
    registry: Registry, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        found = practitioner_by_identifier(session, settings, registry.identifiers[4])
    assert found.identifier_type == "ADELI"
    assert found.last_name == "LE GOFF"
    assert found.verdicts.ha_filler.status == "not_authorised"
    assert "pas médecin" not in found.verdicts.ha_filler.explanation


def test_invalid_and_unknown_numbers(
    registry: Registry, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    bad = registry.identifiers[0][:-1] + str((int(registry.identifiers[0][-1]) + 1) % 10)
    unknown = adeli(999_999)
    with session_factory() as session:
        invalid = verify(session, settings, bad)
        missing = verify(session, settings, unknown)
        with pytest.raises(InvalidInput, match="ne peut pas être un numéro RPPS valide"):
            practitioner_by_identifier(session, settings, bad)
        with pytest.raises(NotFound, match="extraction du 2 novembre 2026"):
            practitioner_by_identifier(session, settings, unknown)
    assert invalid.identifier_check is not None
    assert not invalid.identifier_check.valid
    assert invalid.candidates == []
    assert "clé de contrôle" in invalid.message
    assert missing.not_found_verdicts is not None
    assert missing.not_found_verdicts.ha_filler.status == "not_found"
    assert (
        "Aucun médecin avec ce numéro dans le registre public RPPS (extraction du 2 novembre 2026)"
        in missing.message
    )


def test_unknown_name_is_not_found_with_wording(
    registry: Registry, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        result = verify(session, settings, "Zébulon Quixotte")
    assert result.candidates == []
    assert result.not_found_verdicts is not None
    assert (
        "Aucun médecin de ce nom dans le registre public RPPS (extraction du 2 novembre 2026)"
        in result.message
    )
    assert "demandez son numéro RPPS" in result.message


def test_contract_json_shape(
    registry: Registry, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        data = verify(session, settings, "Élodie Bellamy").model_dump(mode="json")
    assert {"query", "source_date", "identifier_check", "candidates"} <= set(data)
    assert data["source_date"] == "2026-11-02"
    candidate = data["candidates"][0]
    contract = {
        "identifier",
        "identifier_type",
        "last_name",
        "first_name",
        "profession_code",
        "profession",
        "category_code",
        "savoir_faire",
        "activities",
        "score",
        "verdicts",
    }
    assert contract <= set(candidate)
    assert set(candidate["savoir_faire"][0]) == {"code", "label", "type"}
    assert set(candidate["activities"][0]) == {
        *("city", "postcode", "department", "site_name", "address", "phone")
    }
    assert set(candidate["verdicts"]) == {"ha_filler", "botulinum_toxin", "mesotherapy"}
    verdict = candidate["verdicts"]["ha_filler"]
    assert set(verdict) == {"status", "rule", "explanation", "answer", "reason"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"query": "x" * 201}, "query"),
        ({"query": "Martin\x00"}, "query"),
        ({"query": "Martin \ufffd"}, "query"),
        ({"query": "Martin", "limit": 0}, "limit"),
        ({"query": "Martin", "limit": 51}, "limit"),
        ({"query": "Martin", "postcode": "6900"}, "postcode"),
        ({"query": "Martin", "department": "999"}, "department"),
        ({"query": "Martin", "profession": "astronaute"}, "profession"),
    ],
)
def test_junk_input_is_refused(
    registry: Registry,
    settings: Settings,
    session_factory: sessionmaker[Session],
    kwargs: dict[str, object],
    field: str,
) -> None:
    with session_factory() as session, pytest.raises(InvalidInput) as raised:
        verify(session, settings, **kwargs)  # type: ignore[arg-type]
    assert raised.value.details["field"] == field


def test_a_surname_and_a_city(
    registry: Registry, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        result = verify(session, settings, "Martin Lille")
        surname_only = verify(session, settings, "Martin")
    assert result.parsed.city == "lille"
    assert [(c.last_name, c.activities[0].city) for c in result.candidates] == [("MARTIN", "Lille")]
    assert {c.last_name for c in surname_only.candidates} == {"MARTIN"}
    assert surname_only.message.startswith("Un seul nom, 4 personnes possibles")


def test_identifier_lookups_served_by_the_index_match_the_database(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    """Every person: the candidate read from the index's detail files is the database's."""
    with session_factory() as session:
        info, index = current_index(session, settings)
        keys = [index.person_key(p) for p in range(int(index.meta["persons"]))]
        from_database = candidates_by_keys(session, info, keys, [1.0] * len(keys))
    assert len(from_database) == len(PEOPLE)
    with_places = with_skills = 0
    for expected in from_database:
        assert candidate_by_identifier(index, info, expected.identifier) == expected
        with_places += bool(expected.activities)
        with_skills += bool(expected.savoir_faire)
    assert with_places > 100  # the comparison covered places...
    assert with_skills >= 3  # ...and savoir-faire (several for one person, in code order)


@pytest.mark.parametrize("value", ["10000000009", "999999999", "", "1" * 12, "ÉÉÉ"])
def test_identifier_lookup_of_an_unknown_number_finds_nobody(
    settings: Settings, session_factory: sessionmaker[Session], value: str
) -> None:
    with session_factory() as session:
        info, index = current_index(session, settings)
    assert candidate_by_identifier(index, info, value) is None
