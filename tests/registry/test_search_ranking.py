"""How the name search orders its candidates: closest spelling first, one token per query word,
and a place for each equally close correction of a typo (``registry/search/scoring.py``)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.factories import Person, insert_snapshot
from vigie.config import Environment, Settings
from vigie.db.engine import make_engine, make_session_factory
from vigie.db.migrate import upgrade
from vigie.registry.search import index_files
from vigie.registry.search.name_match import match_names
from vigie.registry.search.name_search import search_names
from vigie.registry.search.places import PlaceFilter
from vigie.registry.search.snapshot_index import SnapshotIndex, distinct

PEOPLE = [
    *[Person("PELOT", "Irvane") for _ in range(6)],
    Person("SORNIER-PELLOT", "Irvane"),
    *[Person("TRAMOL", "Olvane") for _ in range(6)],
    Person("VESPRIN-TRAMEOL", "Olvane"),
    *[Person("GARDOVE", "Menthe") for _ in range(6)],
    Person("GARDOVE-LUSSAC", "Menthe"),
    Person("GARDAVE", "Menthe"),
    Person("TESSIVE", "Lorvan"),
    Person("LORVAN", "Tessive"),
    Person("LORVAN ABIDOR", "Lorvan-Tessive"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SnapshotIndex:
    settings = Settings(
        environment=Environment.TEST,
        data_dir=tmp_path_factory.mktemp("ranking"),
        secret_key="k" * 48,
    )
    engine = make_engine(settings)
    upgrade(engine)
    registry = insert_snapshot(make_session_factory(engine), PEOPLE, settings.index_dir)
    engine.dispose()
    return SnapshotIndex(index_files.snapshot_index_dir(settings.index_dir, registry.snapshot_id))


def _top(index: SnapshotIndex, *words: str) -> list[str]:
    hits = search_names(index, words, PlaceFilter(), limit=5)
    return [PEOPLE[index.person_key(int(p))].last_name for p in hits.positions]


def test_the_closer_spelling_ranks_first_even_in_a_longer_name(index: SnapshotIndex) -> None:
    # ``pellt`` lacks one letter of PELLOT and has one wrong of PELOT: PELLOT is closer, although
    # PELOT Irvane, all of whose name the query covers, has the higher blended score.
    hits = search_names(index, ("pellt", "irvane"), PlaceFilter(), limit=5)
    names = [PEOPLE[index.person_key(int(p))].last_name for p in hits.positions]
    assert names == ["SORNIER-PELLOT"] + ["PELOT"] * 4
    assert hits.scores[0] < hits.scores[1]


def test_each_equally_close_correction_gets_a_place(index: SnapshotIndex) -> None:
    # ``tramqol`` is one edit from TRAMOL (six namesakes) and one from TRAMEOL.
    assert Counter(_top(index, "olvane", "tramqol")) == {"TRAMOL": 4, "VESPRIN-TRAMEOL": 1}
    assert _top(index, "olvane", "tramqol")[0] == "TRAMOL"  # the whole name matched comes first
    assert _top(index, "olvane", "tramol") == ["TRAMOL"] * 5  # spelled exactly: its bearers


def test_one_correction_in_two_names_takes_no_place(index: SnapshotIndex) -> None:
    # ``gardve`` reads as GARDOVE in GARDOVE-LUSSAC too (not another correction), while GARDAVE
    # is another one, as close.
    top = Counter(_top(index, "gardve", "menthe"))
    assert top == {"GARDOVE": 4, "GARDAVE": 1}


def test_a_token_answers_one_query_word(index: SnapshotIndex) -> None:
    # ``Lorvan-Tessive LORVAN`` asks for two ``lorvan``: TESSIVE Lorvan and LORVAN Tessive hold one.
    assert _top(index, "lorvan", "tessive", "lorvan")[0] == "LORVAN ABIDOR"
    positions = np.array([PEOPLE.index(Person("TESSIVE", "Lorvan"))], dtype=np.int64)
    match = match_names(index, ("lorvan", "tessive", "lorvan"), positions)
    assert match.coverage[0] == pytest.approx(2 / 3)
    assert match.share[0] == 1.0
    assert sorted(index.tokens(match.readings[match.readings >= 0])) == ["lorvan", "tessive"]


def test_words_and_persons_without_tokens_match_nothing(index: SnapshotIndex) -> None:
    empty = match_names(index, (), np.array([0, 1], dtype=np.int64))
    assert empty.coverage.tolist() == [0.0, 0.0]
    assert search_names(index, ("zzzzzzzz", "qqqqqqq"), PlaceFilter(), limit=5).positions.size == 0


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=200))
def test_distinct_is_numpy_unique(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    assert distinct(array).tolist() == np.unique(array).tolist()
    assert distinct(np.sort(array), presorted=True).tolist() == np.unique(array).tolist()
