"""The synthetic extract: exact layout, valid identifiers, realistic content, deterministic per seed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from registry.extracts import ACTIVITY, DIPLOMA, SAVOIR_FAIRE, read_lines
from vigie.registry import synth
from vigie.registry.columns import ACTIVITY_COLUMNS, DIPLOMA_COLUMNS, SAVOIR_FAIRE_COLUMNS
from vigie.registry.identifiers import luhn_valid
from vigie.registry.normalize import department_of
from vigie.registry.synth import real_names

PERSONS = 3000


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("synth")
    synth.write(directory, PERSONS, seed=11)
    return directory


@pytest.fixture(scope="module")
def rows(extract: Path) -> list[list[str]]:
    return [line.rstrip("\n").split("|") for line in read_lines(extract / ACTIVITY)[1:]]


def column(name: str) -> int:
    return ACTIVITY_COLUMNS.index(name)


@pytest.mark.parametrize(
    ("file_name", "columns"),
    [
        (ACTIVITY, ACTIVITY_COLUMNS),
        (SAVOIR_FAIRE, SAVOIR_FAIRE_COLUMNS),
        (DIPLOMA, DIPLOMA_COLUMNS),
    ],
)
def test_exact_layout_with_trailing_pipe(
    extract: Path, file_name: str, columns: tuple[str]
) -> None:
    raw = (extract / file_name).read_bytes()
    raw.decode("utf-8")  # strict UTF-8
    assert not raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode().split("\n")
    assert lines[-1] == ""
    assert lines[0] == "|".join(columns) + "|"
    assert {len(line.split("|")) for line in lines[1:-1]} == {len(columns) + 1}
    assert all(line.endswith("|") for line in lines[:-1])


def test_identifiers_are_valid_and_one_person_per_identifier(rows: list[list[str]]) -> None:
    people = {}
    for row in rows:
        kind, identifier, national = row[0], row[1], row[2]
        assert national == kind + identifier
        if kind == "8":
            assert len(identifier) == 11
            assert identifier.startswith("10")
            assert luhn_valid(identifier)
        else:
            assert kind == "0"
            assert len(identifier) == 9
            assert luhn_valid(identifier)
        people.setdefault(identifier, (row[7], row[8]))
        assert people[identifier] == (row[7], row[8])
    assert len(people) == PERSONS


def test_activity_counts_and_people_without_site(rows: list[list[str]]) -> None:
    per_person = Counter(row[1] for row in rows)
    assert set(per_person.values()) == {1, 2, 3, 4}
    assert 1.8 < len(rows) / PERSONS < 2.3  # national scale: ~2.2 M rows for ~1.1 M persons
    without_site = [row for row in rows if not row[column("Code postal (coord. structure)")]]
    assert len(without_site) > PERSONS * 0.03
    assert all(per_person[row[1]] == 1 for row in without_site)


def test_professions_in_realistic_proportions(rows: list[list[str]]) -> None:
    first_rows = {row[1]: row for row in rows}.values()
    share = Counter(row[column("Code profession")] for row in first_rows)
    assert share["60"] > share["10"] > share["70"] > share["40"] > share["50"]
    assert 0.15 < share["10"] / PERSONS < 0.30
    students = [r for r in first_rows if r[column("Code catégorie professionnelle")] == "E"]
    assert students
    assert all(r[column("Code savoir-faire")] == "" for r in students)


def test_names_are_french_with_accents_particles_and_homonyms(rows: list[list[str]]) -> None:
    people = {row[1]: (row[7], row[8]) for row in rows}.values()
    last_names = [last for last, _ in people]
    assert any("-" in name for name in last_names)
    assert any(name.startswith(("DE ", "D'", "DU ", "LE ", "DA ")) for name in last_names)
    assert all(name == name.upper() for name in last_names)
    assert any(set(first) & set("éèëïîç") for _, first in people)
    assert Counter(people).most_common(1)[0][1] >= 2  # homonyms: same last and first name


def test_names_follow_real_frequencies(rows: list[list[str]]) -> None:
    """INSEE's frequent surnames head the draw and a long tail follows; first names are of the
    decades working professionals were born in (no Léo, born in the 2010s, among the frequent)."""
    people = {row[1]: (row[7], row[8]) for row in rows}
    surnames = Counter(last for last, _ in people.values())
    assert surnames.most_common(1)[0][0] == "MARTIN"
    assert len(surnames) > PERSONS * 0.45  # the long tail: most names are borne once or twice
    firsts = Counter(first for _, first in people.values())
    frequent = {name for name, _ in firsts.most_common(30)}
    assert frequent & {"Nathalie", "Isabelle", "Sandrine", "Stéphanie", "Marie"}
    assert "Léo" not in frequent


def test_real_name_pools_come_from_the_installed_packages() -> None:
    found = real_names.pools()
    assert found.head.values[:3] == ("MARTIN", "BERNARD", "THOMAS")
    assert len(found.tail) > 200_000
    assert not set(found.head.values[:1000]) & set(found.tail[:1000])
    assert set(found.female) == set(found.male) == {"1951", "1961", "1971", "1981", "1991"}
    assert found.female["1961"].values[0] == "Nathalie"


def test_demo_people_keep_their_invented_names() -> None:
    names = {(d.last_name, d.first_name) for d in synth.demo_practitioners()}
    assert ("BELLAMY-ROCHE", "Élodie") in names


def test_aesthetic_relevant_savoir_faire_present(extract: Path) -> None:
    lines = read_lines(extract / SAVOIR_FAIRE)[1:]
    codes = Counter(line.split("|")[11] for line in lines)
    for code in ("SM15", "SM10", "SM38", "SM34", "SM26", "SM53", "SM54"):
        assert codes[code] > 0, code
    general_practice = codes["SM26"] + codes["SM53"] + codes["SM54"]
    assert general_practice > codes["SM15"] > codes["SM10"]


def test_postcodes_communes_and_departments_agree(rows: list[list[str]]) -> None:
    sites = [row for row in rows if row[column("Code postal (coord. structure)")]]
    for row in sites:
        postcode = row[column("Code postal (coord. structure)")]
        department = department_of(postcode)
        assert row[column("Code commune (coord. structure)")].startswith(department[:2])
        assert row[column("Code Département (structure)")] in ("", department)
        assert row[column("Bureau cedex (coord. structure)")].startswith(postcode)


def test_deterministic_for_a_seed(tmp_path: Path, extract: Path) -> None:
    synth.write(tmp_path / "again", PERSONS, seed=11)
    synth.write(tmp_path / "other", PERSONS, seed=12)
    same = (tmp_path / "again" / ACTIVITY).read_bytes()
    assert same == (extract / ACTIVITY).read_bytes()
    assert (tmp_path / "other" / ACTIVITY).read_bytes() != same


def test_demo_practitioners_are_in_every_extract(rows: list[list[str]]) -> None:
    by_id = {row[1]: row for row in rows}
    demo = synth.demo_practitioners()
    assert {d.rpps for d in demo} <= set(by_id)
    derm = by_id["10000000009"]
    assert (derm[7], derm[8], derm[column("Code savoir-faire")]) == (
        "BELLAMY-ROCHE",
        "Élodie",
        "SM15",
    )
    assert derm[column("Code postal (coord. structure)")] == "69006"
    intern = next(d for d in demo if d.category == "E")
    assert by_id[intern.rpps][column("Code catégorie professionnelle")] == "E"
    assert all(luhn_valid(d.rpps) for d in demo)
