"""Name, city and free-query normalisation: table-driven, no database."""

from __future__ import annotations

import pytest

from vigie.registry.normalize import city_key, department_of, fold, name_tokens, person_tokens
from vigie.registry.search.query import parse_query

CITIES = frozenset({"lyon", "paris", "saint etienne", "aix en provence", "nancy"})


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Élodie", "elodie"),
        ("BELLAMY-ROCHE", "bellamy roche"),
        ("Anaïs  Lœwen", "anais loewen"),
        ("D'ARTAGNAN", "d artagnan"),
        ("l’Hôpital", "l hopital"),
        ("N'GUESSAN", "nguessan"),
        ("Æsa", "aesa"),
        ("  Jean--Baptiste ", "jean baptiste"),
        ("Çà et là", "ca et la"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("de la Fontaine", ("fontaine",)),
        ("DE LA FONTAINE", ("fontaine",)),
        ("Le Goff", ("goff",)),
        ("d'Artagnan", ("artagnan",)),
        ("DU PONT-DES LOGES", ("pont", "loges")),
        ("Van der Berg", ("berg",)),
        ("LE", ("le",)),  # a name made only of a particle keeps it
        ("Élodie Bellamy-Roche", ("elodie", "bellamy", "roche")),
        ("Martin 69", ("martin",)),
    ],
)
def test_name_tokens(raw: str, tokens: tuple[str, ...]) -> None:
    assert name_tokens(raw) == tokens


def test_person_tokens_cover_both_names_in_either_order() -> None:
    assert set(person_tokens("BELLAMY-ROCHE", "Élodie")) == set(name_tokens("Élodie Bellamy Roche"))


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Lyon 6e Arrondissement", "lyon"),
        ("PARIS 15E ARRONDISSEMENT", "paris"),
        ("LYON CEDEX 03", "lyon"),
        ("St-Étienne", "saint etienne"),
        ("Ste Foy-lès-Lyon", "sainte foy les lyon"),
        ("Aix-en-Provence", "aix en provence"),
    ],
)
def test_city_key(raw: str, key: str) -> None:
    assert city_key(raw) == key


@pytest.mark.parametrize(
    ("postcode", "department"),
    [
        ("69006", "69"),
        ("06000", "06"),
        ("20000", "2A"),
        ("20199", "2A"),
        ("20200", "2B"),
        ("97200", "972"),
        ("97400", "974"),
        ("98800", "988"),
        ("", ""),
        ("1234", ""),
        ("7500", ""),
        ("ABCDE", ""),
        ("B-1000", ""),
        ("SW1A 1", ""),
    ],
)
def test_department_of(postcode: str, department: str) -> None:
    assert department_of(postcode) == department


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "Dr Élodie Belamy Lyon",
            {"title": "Dr", "name_tokens": ("elodie", "belamy"), "city": "lyon"},
        ),
        ("RPPS 10000000009", {"identifier": "10000000009", "name_tokens": ()}),
        ("810000000009", {"identifier": "810000000009"}),
        ("100 000 000 09", {"identifier": "100 000 000 09"}),
        ("100.000.000.09", {"identifier": "100.000.000.09"}),
        ("n° ADELI 690000013", {"identifier": "690000013"}),
        ("Martin Isabelle 69006", {"postcode": "69006", "name_tokens": ("martin", "isabelle")}),
        ("Martin Isabelle 69", {"department": "69", "name_tokens": ("martin", "isabelle")}),
        ("Martin Isabelle 2A", {"department": "2A", "name_tokens": ("martin", "isabelle")}),
        (
            "docteur Jean Dupont à Saint-Étienne",
            {"title": "Dr", "city": "saint etienne", "name_tokens": ("jean", "dupont")},
        ),
        ("Jean Dupont St Etienne", {"city": "saint etienne", "name_tokens": ("jean", "dupont")}),
        (
            "Jean de la Fontaine Aix en Provence",
            {"city": "aix en provence", "name_tokens": ("jean", "fontaine")},
        ),
        (
            "Nancy Martin",
            {"city": None, "name_tokens": ("nancy", "martin")},
        ),  # a city needs two name words before it
        ("Pr Lyon", {"title": "Pr", "city": None, "name_tokens": ("lyon",)}),
        ("Mme Belamy", {"title": "Mme", "name_tokens": ("belamy",)}),
        ("", {"identifier": None, "name_tokens": ()}),
    ],
)
def test_parse_query(query: str, expected: dict[str, object]) -> None:
    parsed = parse_query(query, CITIES)
    for field, value in expected.items():
        assert getattr(parsed, field) == value, field
