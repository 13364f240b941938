"""The per-snapshot index: lifecycle (build, switch, rebuild, remove) and a typo property."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from registry.factories import Person, insert_snapshot, random_people
from vigie.config import Environment, Settings
from vigie.db.engine import make_engine, make_session_factory
from vigie.db.migrate import upgrade
from vigie.errors import NoSnapshot
from vigie.registry.normalize import person_tokens
from vigie.registry.search import index_files
from vigie.registry.search.current import current_index, forget_cached
from vigie.registry.search.name_search import search_names
from vigie.registry.search.places import PlaceFilter
from vigie.registry.search.snapshot_index import SnapshotIndex
from vigie.registry.verify import practitioner_by_identifier, verify


def test_no_snapshot_is_a_clear_503(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    forget_cached(settings)
    with session_factory() as session, pytest.raises(NoSnapshot) as raised:
        verify(session, settings, "Élodie Bellamy")
    assert raised.value.status_code == 503
    with session_factory() as session, pytest.raises(NoSnapshot):
        practitioner_by_identifier(session, settings, "10000000017")


def test_a_new_snapshot_is_served_after_the_switch(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    fresh = settings.model_copy(update={"search_recheck_seconds": 0.0})
    forget_cached(fresh)
    insert_snapshot(session_factory, [Person("BELLAMY", "Élodie")], fresh.index_dir)
    with session_factory() as session:
        assert verify(session, fresh, "Élodie Bellamy").candidates[0].last_name == "BELLAMY"
    second = insert_snapshot(session_factory, [Person("ROCHEBRUNE", "Élodie")], fresh.index_dir)
    with session_factory() as session:
        result = verify(session, fresh, "Élodie Rochebrune")
        info, index = current_index(session, fresh)
    assert result.snapshot_id == second.snapshot_id == info.id == index.snapshot_id
    assert result.candidates[0].last_name == "ROCHEBRUNE"


def test_the_index_is_rebuilt_when_its_files_are_gone(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    forget_cached(settings)
    registry = insert_snapshot(session_factory, random_people(30), settings.index_dir)
    index_files.remove_for_snapshot(settings.index_dir, registry.snapshot_id)
    assert not index_files.snapshot_index_dir(settings.index_dir, registry.snapshot_id).exists()
    person = registry.persons[5]
    with session_factory() as session:
        result = verify(session, settings, f"{person.first_name} {person.last_name}")
    assert registry.identifiers[5] in [c.identifier for c in result.candidates]
    assert [p.name for p in settings.index_dir.iterdir() if not p.name.startswith(".build")] == [
        f"snapshot-{registry.snapshot_id}"
    ]  # no staging directory left behind


# --- property: in a small registry, a name always finds itself after a single typo ----------------


@pytest.fixture(scope="module")
def small_index(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[SnapshotIndex, list[Person]]]:
    data = tmp_path_factory.mktemp("small-registry")
    settings = Settings(environment=Environment.TEST, data_dir=data, secret_key="k" * 48)
    engine = make_engine(settings)
    upgrade(engine)
    people = random_people(400, seed=11)
    registry = insert_snapshot(make_session_factory(engine), people, settings.index_dir)
    engine.dispose()
    return (
        SnapshotIndex(index_files.snapshot_index_dir(settings.index_dir, registry.snapshot_id)),
        people,
    )


def _typo(word: str, at: int, op: int, letter: str) -> str:
    at = 1 + at % max(len(word) - 1, 1)
    if op == 0:
        return word[:at] + letter + word[at + 1 :]
    if op == 1:
        return word[:at] + word[at + 1 :]
    if op == 2:
        return word[:at] + letter + word[at:]
    return (
        word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
        if at < len(word)
        else word + letter
    )


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    who=st.integers(min_value=0, max_value=399),
    which=st.integers(min_value=0, max_value=5),
    at=st.integers(min_value=0, max_value=30),
    op=st.integers(min_value=0, max_value=3),
    letter=st.sampled_from(string.ascii_lowercase),
    swap=st.booleans(),
)
def test_a_name_finds_itself_after_one_typo(
    small_index: tuple[SnapshotIndex, list[Person]],
    who: int,
    which: int,
    at: int,
    op: int,
    letter: str,
    swap: bool,
) -> None:
    index, people = small_index
    person = people[who]
    words = list(person_tokens(person.last_name, person.first_name))
    target = which % len(words)
    words[target] = _typo(words[target], at, op, letter)
    if swap:
        words.reverse()
    hits = search_names(index, tuple(w for w in words if w), PlaceFilter(), limit=5)
    same_name = {
        i
        for i, p in enumerate(people)
        if sorted(person_tokens(p.last_name, p.first_name))
        == sorted(person_tokens(person.last_name, person.first_name))
    }
    assert same_name & {int(p) for p in hits.positions}, (person, words)


def test_deletion_keys_cover_one_edit() -> None:
    rng = random.Random(5)
    for _ in range(200):
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 10)))
        typo = _typo(word, rng.randint(0, 9), rng.randint(0, 3), rng.choice(string.ascii_lowercase))
        assert index_files.deletions(word) & index_files.deletions(typo), (word, typo)


def test_index_files_are_memory_mapped(small_index: tuple[SnapshotIndex, list[Person]]) -> None:
    index, _ = small_index
    assert all(array.base is not None for array in index.arrays.values())  # views over the maps
    assert Path(index.path / "meta.json").exists()
