"""Per-snapshot name-search index, built during the load before the snapshot becomes current.

Interface between the loader and the search: the loader feeds an ``IndexBuilder`` the persons and
places it writes (``sink.py``, beside the database writes, so the rows are not read back) and calls
``IndexBuilder.write`` before the switch; ``remove_for_snapshot`` when it drops a snapshot.
``build_for_snapshot`` builds the same files from the database (an index deleted or of an older
format is rebuilt on first use, see ``current.py``). Files live in ``index_dir / f"snapshot-{snapshot_id}"`` and are written to a
temporary directory then renamed, so a crash never leaves a half-built index in place.

The files are plain ``.npy`` arrays that every worker process memory-maps (the page cache holds
one copy, whatever the number of workers). What they hold, and why (``search.py`` reads them):

- ``tok_*``: the sorted vocabulary of folded name tokens and, per token, its persons (CSR);
- ``del_*``: SymSpell keys — each token and its one-character deletions, hashed and sorted —
  so the variants of a mistyped token are found with a binary search, not a scan;
- ``pair_*``: every unordered pair of a person's tokens → person; two query words that both match
  a person give a tiny candidate set even for common names (``jean`` × ``martin``);
- ``person_*``, ``act_*``: per-person tokens, profession and places, for filters and reranking.
"""

from __future__ import annotations

import json
import os
import shutil
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.registry.index_build import ActivityTables, PersonTables
from vigie.registry.models import Activity, Practitioner

INDEX_VERSION = 1
MAX_PAIR_TOKENS = 8
_STREAM_ROWS = 50_000


def snapshot_index_dir(index_dir: Path, snapshot_id: int) -> Path:
    return index_dir / f"snapshot-{snapshot_id}"


def key_hash(text: str) -> int:
    """A stable 64-bit hash (Python's ``hash`` is salted per process; collisions are re-checked)."""
    raw = text.encode()
    return (zlib.crc32(raw) << 32) | zlib.adler32(raw)


def deletions(token: str) -> set[str]:
    """The token and every string one character shorter (SymSpell's deletion neighbourhood)."""
    return {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}


class IndexBuilder:
    """Accumulates one snapshot's persons and places in batches, then writes its index files.

    Persons must come in ``person_key`` order (the loader numbers them in that order; the database
    stream sorts by it); a person's places come after the person, in their ``seq`` order.
    """

    def __init__(self) -> None:
        self.persons = PersonTables()
        self.places = ActivityTables()

    def add_persons(self, rows: list[tuple[Any, ...]]) -> None:
        """Rows of ``(person_key, last_name, first_name, profession_code)``."""
        if rows:
            self.persons.add_rows(rows)

    def add_places(self, rows: list[tuple[Any, ...]]) -> None:
        """Rows of ``(person_key, city, postcode, department)``."""
        if rows:
            self.places.add_rows(rows)

    def write(self, index_dir: Path, snapshot_id: int) -> None:
        persons, places = self.persons, self.places
        arrays = persons.arrays() | places.arrays(persons.key_positions())
        arrays |= _deletion_arrays(persons.vocabulary)
        arrays |= _pair_arrays(
            arrays["person_tok_off"], arrays["person_tok"], len(persons.vocabulary)
        )
        meta = {
            "version": INDEX_VERSION,
            "snapshot_id": snapshot_id,
            "persons": persons.count,
            "tokens": len(persons.vocabulary),
            "professions": persons.professions,
            "departments": places.departments,
            "cities": places.cities,
        }
        _write_atomically(snapshot_index_dir(index_dir, snapshot_id), arrays, meta)


def build_for_snapshot(session: Session, snapshot_id: int, index_dir: Path) -> None:
    """Read the snapshot's practitioners and places from the database and write its index files."""
    builder = IndexBuilder()
    for rows in _stream(session, _person_query(snapshot_id)):
        builder.add_persons(rows)
    for rows in _stream(session, _activity_query(snapshot_id)):
        builder.add_places(rows)
    builder.write(index_dir, snapshot_id)


def remove_for_snapshot(index_dir: Path, snapshot_id: int) -> None:
    """The index and any half-written copy a killed builder left (``_write_atomically``'s staging)."""
    target = snapshot_index_dir(index_dir, snapshot_id)
    shutil.rmtree(target, ignore_errors=True)
    for staging in index_dir.glob(f".{target.name}.tmp-*"):
        shutil.rmtree(staging, ignore_errors=True)


def _person_query(snapshot_id: int) -> Any:
    p = Practitioner
    columns = (p.person_key, p.last_name, p.first_name, p.profession_code)
    return select(*columns).where(p.snapshot_id == snapshot_id).order_by(p.person_key)


def _activity_query(snapshot_id: int) -> Any:
    a = Activity
    columns = (a.person_key, a.city, a.postcode, a.department)
    return select(*columns).where(a.snapshot_id == snapshot_id).order_by(a.person_key, a.seq)


def _stream(session: Session, query: Any) -> Iterable[list[tuple[Any, ...]]]:
    """Rows in batches straight from the driver (SQLAlchemy's row objects cost more than the read).

    PostgreSQL gets a server-side cursor so the rows never sit in memory all at once.
    """
    connection = session.connection()
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    raw: Any = connection.connection.dbapi_connection
    postgres = connection.dialect.name == "postgresql"
    cursor = raw.cursor(name="vigie_index_build") if postgres else raw.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(_STREAM_ROWS):
            yield rows
    finally:
        cursor.close()


def _deletion_arrays(vocabulary: list[str]) -> dict[str, NDArray[Any]]:
    hashes: list[int] = []
    owners: list[int] = []
    for token_id, token in enumerate(vocabulary):
        keys = deletions(token)
        hashes.extend(key_hash(key) for key in keys)
        owners.extend([token_id] * len(keys))
    hash_array = np.array(hashes, dtype=np.uint64)
    order = np.argsort(hash_array, kind="stable")
    return {"del_hash": hash_array[order], "del_tok": np.array(owners, dtype=np.int32)[order]}


def _pair_arrays(
    offsets: NDArray[np.int64], tokens: NDArray[np.int32], vocabulary_size: int
) -> dict[str, NDArray[Any]]:
    """Every unordered pair of a person's (first eight) tokens, as ``low * V + high`` keys."""
    counts = np.minimum(np.diff(offsets), MAX_PAIR_TOKENS)
    keys: list[NDArray[np.int64]] = []
    owners: list[NDArray[np.int32]] = []
    for i in range(MAX_PAIR_TOKENS):
        for j in range(i + 1, MAX_PAIR_TOKENS):
            persons = np.flatnonzero(counts > j).astype(np.int32)
            a = tokens[offsets[persons] + i].astype(np.int64)
            b = tokens[offsets[persons] + j].astype(np.int64)
            keys.append(np.minimum(a, b) * vocabulary_size + np.maximum(a, b))
            owners.append(persons)
    key_array = np.concatenate(keys) if keys else np.zeros(0, np.int64)
    owner_array = np.concatenate(owners) if owners else np.zeros(0, np.int32)
    order = np.lexsort((owner_array, key_array))
    return {"pair_key": key_array[order], "pair_person": owner_array[order]}


def _write_atomically(target: Path, arrays: dict[str, NDArray[Any]], meta: dict[str, Any]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    for name, array in arrays.items():
        with (staging / f"{name}.npy").open("wb") as file:
            np.save(file, np.ascontiguousarray(array))
            file.flush()
            os.fsync(file.fileno())  # on disk before the rename publishes them
    (staging / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    _fsync_dir(staging)
    if target.exists():
        shutil.rmtree(target)
    os.replace(staging, target)
    _fsync_dir(target.parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
