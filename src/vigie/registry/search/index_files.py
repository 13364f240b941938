"""Per-snapshot search index, built during the load before the snapshot becomes current.

Interface between the loader and the search: the loader feeds an ``IndexBuilder`` the rows it
writes (``sink.py``, beside the database writes, so nothing is read back) and calls
``IndexBuilder.write`` before the switch; ``remove_for_snapshot`` when it drops a snapshot.
``build_for_snapshot`` builds the same files from the database (an index deleted or of an older
format is rebuilt on first use, see ``current.py``). Files live in
``index_dir / f"snapshot-{snapshot_id}"``; they are written to a staging directory then renamed,
so a crash never leaves a half-built index in place.

The files are plain ``.npy`` arrays (and two byte pools) that every worker process memory-maps
(the page cache holds one copy, whatever the number of workers). What they hold, and why
(``search.py`` and ``index_details.py`` read them):

- ``tok_*``: the sorted vocabulary of folded name tokens and, per token, its persons (CSR);
- ``del_*``: SymSpell keys — each token and its one-character deletions, hashed and sorted —
  so the variants of a mistyped token are found with a binary search, not a scan;
- ``pair_*``: every unordered pair of a person's tokens → person; two query words that both match
  a person give a tiny candidate set even for common names (``jean`` × ``martin``);
- ``person_*``, ``act_*``: per-person tokens, profession and places, for filters and reranking;
- ``id_*``, ``pd*``, ``pl*``, ``sk_*``: what a candidate card shows, for identifier lookups
  without SQL (``index_details.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import zlib
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.registry.models import ROW_COLUMNS, Activity, Practitioner, SavoirFaire
from vigie.registry.search.index_build import ActivityTables, PersonTables
from vigie.registry.search.index_details import DetailTables

if TYPE_CHECKING:  # the serving path memory-maps the index and never needs Polars loaded
    import polars as pl

INDEX_VERSION = (
    4  # 2: detail files (identifier lookups); 3: sites with address and phone; 4: categories
)
# The builder reads rows in the snapshot tables' column order (``models.ROW_COLUMNS``): the loader's sink
# hands it the very batches it writes, and a rebuild streams the same columns from the database.
_PERSON_COLUMNS = tuple(
    ROW_COLUMNS["registry_practitioner"].index(name)
    for name in ("person_key", "last_name", "first_name", "profession_code", "category_code")
)
_PLACE_COLUMNS = tuple(
    ROW_COLUMNS["registry_activity"].index(name)
    for name in ("person_key", "city", "postcode", "department")
)
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
    """Accumulates one snapshot's rows in batches, then publishes its index directory atomically.

    Persons must come in ``person_key`` order (the loader numbers them in that order; the database
    stream sorts by it); a person's places come after the person, in their ``seq`` order. Files
    are written into a staging directory (the detail pools as rows arrive), renamed at the end.
    """

    def __init__(self, index_dir: Path, snapshot_id: int) -> None:
        self.target = snapshot_index_dir(index_dir, snapshot_id)
        self.snapshot_id = snapshot_id
        self.staging = self.target.parent / f".{self.target.name}.tmp-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        self.persons = PersonTables()
        self.places = ActivityTables()
        self.details = DetailTables(self.staging)
        self.deletion_keys = DeletionKeys()

    def add_practitioners(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.persons.add_columns(*_columns(rows, _PERSON_COLUMNS))
            self._hash_new_tokens()
            self.details.add_persons(rows)

    def add_activities(self, rows: list[tuple[Any, ...]]) -> None:
        """A person's activities come after the person, in ``seq`` order."""
        if rows:
            self.places.add_columns(*_columns(rows, _PLACE_COLUMNS))
            self.details.add_places(rows)

    def add_savoir_faire(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.details.add_skills(rows)

    def add_frames(
        self, practitioners: pl.DataFrame, activities: pl.DataFrame, savoir_faire: pl.DataFrame
    ) -> None:
        """The three ``add_*`` for a columnar batch (``load.frames``): the same arrays and files."""
        if practitioners.height:
            self.persons.add_frame(practitioners)
            self._hash_new_tokens()
            self.details.add_person_frame(practitioners)
        if activities.height:
            self.places.add_frame(activities)
            self.details.add_place_frame(activities)
        if savoir_faire.height:
            self.details.add_skill_frame(savoir_faire)

    def _hash_new_tokens(self) -> None:
        self.deletion_keys.add(self.persons.tokens_since(self.deletion_keys.count))

    def write(self) -> None:
        """Each group of arrays is saved, then dropped, before the next is computed (flat memory).

        The detail and place arrays are built on a second thread while this one builds the name
        arrays: this is the load's tail, when nothing else keeps the second core busy, and both
        sides are mostly numpy sorts that release the GIL (~0.6 of 2.2 s at national scale).
        """
        persons, places, staging = self.persons, self.places, self.staging
        keys = persons.key_positions()

        def details_and_places() -> None:
            _save(staging, self.details.arrays(keys))
            _save(staging, places.arrays(keys))

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-details") as side:
            details = side.submit(details_and_places)
            arrays = persons.arrays()
            vocabulary = persons.vocabulary
            self.persons = PersonTables()  # the name maps are no longer needed
            offsets, tokens = arrays["person_tok_off"], arrays["person_tok"]
            _save(staging, arrays)
            del arrays
            _save(staging, self.deletion_keys.arrays(vocabulary, persons.final_ids))
            _save(staging, _pair_arrays(offsets, tokens, len(vocabulary)))
            details.result()  # its error, if any, is raised here
        meta = {
            "version": INDEX_VERSION,
            "snapshot_id": self.snapshot_id,
            "persons": persons.count,
            "tokens": len(vocabulary),
            "professions": persons.professions,
            "categories": persons.categories,
            "departments": places.departments,
            "cities": places.cities,
        } | self.details.meta()  # after ``arrays``, which puts the savoir-faire in code order
        _publish(staging, self.target, meta)

    def abort(self) -> None:
        self.details.close()
        shutil.rmtree(self.staging, ignore_errors=True)


def build_for_snapshot(session: Session, snapshot_id: int, index_dir: Path) -> None:
    """Read the snapshot's rows from the database and write its index files."""
    builder = IndexBuilder(index_dir, snapshot_id)
    try:
        for rows in _stream(session, _table_query(Practitioner, snapshot_id, "person_key")):
            builder.add_practitioners(rows)
        for rows in _stream(session, _table_query(Activity, snapshot_id, "person_key", "seq")):
            builder.add_activities(rows)
        for rows in _stream(session, _table_query(SavoirFaire, snapshot_id, "person_key")):
            builder.add_savoir_faire(rows)
        builder.write()
    except BaseException:
        builder.abort()
        raise


def _columns(rows: list[tuple[Any, ...]], positions: tuple[int, ...]) -> list[list[Any]]:
    """The values at ``positions`` of every row, one list per position."""
    return [[row[at] for row in rows] for at in positions]


def remove_for_snapshot(index_dir: Path, snapshot_id: int) -> None:
    """The index and any half-written copy a killed builder left (``IndexBuilder``'s staging)."""
    target = snapshot_index_dir(index_dir, snapshot_id)
    shutil.rmtree(target, ignore_errors=True)
    for staging in index_dir.glob(f".{target.name}.tmp-*"):
        shutil.rmtree(staging, ignore_errors=True)


def _table_query(model: Any, snapshot_id: int, *order: str) -> Any:
    """All of a snapshot's rows of ``model``'s table, columns in ``models.ROW_COLUMNS`` order."""
    columns = [getattr(model, name) for name in ROW_COLUMNS[model.__tablename__]]
    ordering = [getattr(model, name) for name in order]
    return select(*columns).where(model.snapshot_id == snapshot_id).order_by(*ordering)


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
    """Every token's ``deletions`` as ``key_hash`` es, sorted (ties in token order), with owners.

    Computed in numpy for ASCII tokens (folded tokens always are): 1.5 million keys at national
    scale cost 1.2 CPU-seconds one by one in Python, at the very end of the load.
    """
    keys = _deletion_keys(vocabulary)
    if keys is None:
        return _deletion_arrays_python(vocabulary)
    hashes, owners = keys
    order = np.argsort(hashes, kind="stable")
    return {"del_hash": hashes[order], "del_tok": owners[order].astype(np.int32)}


class DeletionKeys:
    """``_deletion_arrays`` built as the vocabulary grows: each batch's new tokens are hashed when
    they appear (beside the database writes), and the end of the load only sorts the keys.

    Tokens are numbered in order of appearance (``PersonTables``' provisional ids); ``arrays``
    takes the final numbering. A token that is not ASCII (never seen: folded tokens are) leaves
    the whole computation to the end, as before.
    """

    def __init__(self) -> None:
        self.count = 0  # tokens hashed so far
        self.hashes: list[NDArray[np.uint64]] = []
        self.owners: list[NDArray[np.int64]] = []
        self.bulk = True

    def add(self, tokens: list[str]) -> None:
        """The next tokens, in provisional id order."""
        if self.bulk and tokens:
            keys = _deletion_keys(tokens)
            if keys is None:
                self.bulk, self.hashes, self.owners = False, [], []
            else:
                self.hashes.append(keys[0])
                self.owners.append(keys[1] + self.count)
        self.count += len(tokens)

    def arrays(
        self, vocabulary: list[str], final_ids: NDArray[np.int32]
    ) -> dict[str, NDArray[Any]]:
        """The sorted keys; ``final_ids[provisional]`` is a token's place in ``vocabulary``."""
        if not self.bulk or self.count != len(vocabulary):
            return _deletion_arrays(vocabulary)
        hashes = np.concatenate(self.hashes) if self.hashes else np.zeros(0, np.uint64)
        provisional = np.concatenate(self.owners) if self.owners else np.zeros(0, np.int64)
        self.hashes, self.owners = [], []
        owners = final_ids[provisional].astype(np.int64)
        # By hash, then by final token (the listing order ``_deletion_arrays`` sorts stably), then
        # in each token's own key order (kept by the stable sort).
        order = np.lexsort((owners, hashes))
        return {"del_hash": hashes[order], "del_tok": owners[order].astype(np.int32)}


def _deletion_keys(vocabulary: list[str]) -> tuple[NDArray[np.uint64], NDArray[np.int64]] | None:
    """The hashed keys of ``vocabulary``, token by token (its own first, then its deletions from
    the left), with their token's index; None if a token is not ASCII."""
    raw = [token.encode() for token in vocabulary]
    if not raw or any(len(b) != len(t) for b, t in zip(raw, vocabulary, strict=True)):
        return None
    lengths = np.array([len(b) for b in raw], dtype=np.int64)
    width = int(lengths.max()) + 1
    flat = np.frombuffer(b"".join(b.ljust(width, b"\0") for b in raw), dtype=np.uint8)
    # The token itself (cut at ``width``: nothing removed) and one deletion per run of equal
    # characters (removing any character of a run gives the same string: a set keeps one).
    token = np.repeat(np.arange(len(raw), dtype=np.int64), lengths)
    position = np.arange(len(token)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    at = token * width + position
    first = (position == 0) | (flat[at] != flat[at - 1])
    owners = np.concatenate([np.arange(len(raw), dtype=np.int64), token[first]])
    cuts = np.concatenate([np.full(len(raw), width, dtype=np.int64), position[first]])
    grouped = np.argsort(owners, kind="stable")  # keys listed token by token, as in Python
    owners, cuts = owners[grouped], cuts[grouped]
    return _key_hashes(flat, width, owners, cuts, lengths[owners] - (cuts < width)), owners


def _key_hashes(
    flat: NDArray[np.uint8],
    width: int,
    owners: NDArray[np.int64],
    cuts: NDArray[np.int64],
    sizes: NDArray[np.int64],
) -> NDArray[np.uint64]:
    """``key_hash`` (zlib's CRC-32 and Adler-32) of each token of ``owners`` less its ``cuts`` byte.

    Keys go longest first, so the keys still running at byte ``j`` are a prefix of the arrays.
    """
    longest = np.argsort(-sizes, kind="stable")
    base, cut, size = owners[longest] * width, cuts[longest], sizes[longest]
    count = len(base)
    crc = np.full(count, 0xFFFFFFFF, dtype=np.uint32)
    low = np.ones(count, dtype=np.int64)  # Adler-32's two sums, reduced at the end
    high = np.zeros(count, dtype=np.int64)
    table = _crc_table()
    for j in range(int(size[0]) if count else 0):
        k = int(np.searchsorted(-size, -j, side="left"))  # keys longer than j bytes
        byte = flat[base[:k] + j + (j >= cut[:k])]
        crc[:k] = table[(crc[:k] ^ byte) & 0xFF] ^ (crc[:k] >> 8)
        low[:k] += byte
        high[:k] += low[:k]
    crc ^= np.uint32(0xFFFFFFFF)
    adler = ((high % 65521) << 16) | (low % 65521)
    hashes = np.empty(count, dtype=np.uint64)
    hashes[longest] = (crc.astype(np.uint64) << np.uint64(32)) | adler.astype(np.uint64)
    return hashes


def _crc_table() -> NDArray[np.uint32]:
    """zlib's CRC-32 table (reflected polynomial 0xEDB88320)."""
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> 1) ^ np.uint32(0xEDB88320), table >> 1)
    return table.astype(np.uint32)


def _deletion_arrays_python(vocabulary: list[str]) -> dict[str, NDArray[Any]]:
    """The same arrays key by key (any token; the reference the numpy version is tested against)."""
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


def _save(staging: Path, arrays: dict[str, NDArray[Any]]) -> None:
    for name, array in arrays.items():
        with (staging / f"{name}.npy").open("wb") as file:
            np.save(file, np.ascontiguousarray(array))


def _publish(staging: Path, target: Path, meta: dict[str, Any]) -> None:
    for path in staging.iterdir():  # the .npy files and the detail pools
        with path.open("rb") as file:
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
