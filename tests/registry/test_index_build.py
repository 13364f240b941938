"""``PersonTables.add_frame`` (the columnar load's index input) against ``add_columns`` (the rows').

The frame path looks names up in bulk by a 64-bit hash and checks every hit against the stored
name; a collision must cost speed, never a wrong name. Both paths must give the same arrays.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from vigie.registry.load.frames import ACTIVITY, PRACTITIONER, schema
from vigie.registry.search import index_files
from vigie.registry.search.index_build import ActivityTables, PersonTables, search_sorted

_LASTS = ["MARTIN", "DE LA FONTAINE", "N'GUESSAN", "Éloïse-Œuvre", "MARTIN", "LE GALL", "JEAN"]
_FIRSTS = ["Jean", "Marie", "Jean-Pierre", "Anne", "Jean", "Martin", "Jean"]


def _blank(table: str, rows: int) -> dict[str, list[object]]:
    """``rows`` rows of ``table``'s frame schema, zeros and empty strings, for a test to fill in."""
    return {
        name: [0] * rows if dtype == pl.Int64 else [""] * rows
        for name, dtype in schema(table).items()
    }


def _batches() -> list[pl.DataFrame]:
    frames = []
    for batch in range(4):
        rows = 9 + batch
        data = _blank(PRACTITIONER, rows)
        data["person_key"] = list(range(batch * 100, batch * 100 + rows))
        data["last_name"] = [_LASTS[(i + batch) % len(_LASTS)] + str(i % 3) for i in range(rows)]
        data["first_name"] = [_FIRSTS[(i * batch) % len(_FIRSTS)] for i in range(rows)]
        data["profession_code"] = ["10" if i % 2 else "60" for i in range(rows)]
        data["category_code"] = ["C" if i % 3 else "M" for i in range(rows)]
        frames.append(pl.DataFrame(data, schema=schema(PRACTITIONER)))
    return frames


def _arrays(tables: PersonTables) -> dict[str, bytes]:
    return {name: array.tobytes() for name, array in tables.arrays().items()} | {
        "vocabulary": "\n".join(tables.vocabulary).encode(),
        "professions": ",".join(tables.professions).encode(),
    }


def _by_columns() -> PersonTables:
    tables = PersonTables()
    for frame in _batches():
        columns = ("person_key", "last_name", "first_name", "profession_code", "category_code")
        tables.add_columns(*(frame[c].to_list() for c in columns))
    return tables


@pytest.mark.parametrize("colliding", [False, True], ids=["real hashes", "every hash equal"])
def test_add_frame_gives_the_arrays_of_add_columns(
    monkeypatch: pytest.MonkeyPatch, colliding: bool
) -> None:
    if (
        colliding
    ):  # every name collides with every other: only the stored-name check tells them apart
        monkeypatch.setattr(
            pl.Series, "hash", lambda self, seed=0: pl.Series([7] * len(self), dtype=pl.UInt64)
        )
    tables = PersonTables()
    for frame in _batches():
        tables.add_frame(frame)
    assert _arrays(tables) == _arrays(_by_columns())


def test_search_sorted_equals_searchsorted() -> None:
    rng = np.random.default_rng(3)
    haystack = np.sort(rng.integers(0, 1000, 500))
    needles = rng.integers(-5, 1005, 2000)
    assert np.array_equal(search_sorted(haystack, needles), np.searchsorted(haystack, needles))
    assert np.array_equal(
        search_sorted(haystack, needles[:1]), np.searchsorted(haystack, needles[:1])
    )


def _activity_batches() -> list[pl.DataFrame]:
    cities = ["LYON", "Lyon 6e Arrondissement", "PARIS CEDEX 03", "AJACCIO", "", "ST DENIS"]
    postcodes = ["69006", "69006", "75003", "20000", "", "97400"]
    frames = []
    for batch in range(3):
        rows = 11 + batch
        data = _blank(ACTIVITY, rows)
        data["person_key"] = [batch * 100 + i // 2 for i in range(rows)]
        data["city"] = [cities[(i + batch) % len(cities)] for i in range(rows)]
        data["postcode"] = [postcodes[(i * (batch + 1)) % len(postcodes)] for i in range(rows)]
        data["department"] = ["" if i % 3 else "69" for i in range(rows)]
        frames.append(pl.DataFrame(data, schema=schema(ACTIVITY)))
    return frames


@pytest.mark.parametrize("colliding", [False, True], ids=["real hashes", "every hash equal"])
def test_places_add_frame_gives_the_arrays_of_add_columns(
    monkeypatch: pytest.MonkeyPatch, colliding: bool
) -> None:
    by_columns, by_frames = ActivityTables(), ActivityTables()
    for frame in _activity_batches():
        columns = ("person_key", "city", "postcode", "department")
        by_columns.add_columns(*(frame[c].to_list() for c in columns))
    if colliding:
        monkeypatch.setattr(
            pl.DataFrame,
            "hash_rows",
            lambda self, seed=0: pl.Series([7] * self.height, dtype=pl.UInt64),
        )
    for frame in _activity_batches():
        by_frames.add_frame(frame)
    keys = np.unique(np.frombuffer(by_columns.owner_keys, dtype=np.int64))
    expected, got = by_columns.arrays(keys), by_frames.arrays(keys)
    assert {k: v.tobytes() for k, v in got.items()} == {k: v.tobytes() for k, v in expected.items()}
    assert (by_frames.cities, by_frames.departments) == (by_columns.cities, by_columns.departments)


def test_deletion_keys_built_batch_by_batch_equal_those_of_the_whole_vocabulary() -> None:
    generator = np.random.default_rng(5)
    tokens = list(dict.fromkeys("".join(generator.choice(list("aab0zq"), int(n))) for n in generator.integers(1, 11, 3000)))  # fmt: skip
    keys = index_files.DeletionKeys()
    for start in range(0, len(tokens), 700):  # in order of appearance, as PersonTables numbers them
        keys.add(tokens[start : start + 700])
    vocabulary = sorted(tokens)
    final_ids = np.array([vocabulary.index(token) for token in tokens], dtype=np.int32)
    got, expected = keys.arrays(vocabulary, final_ids), index_files._deletion_arrays(vocabulary)
    assert {k: v.tobytes() for k, v in got.items()} == {k: v.tobytes() for k, v in expected.items()}
