"""What a candidate card shows, per person, in the snapshot's index: identifier lookups without SQL.

An exact lookup by RPPS / ADELI number is the most frequent read (practitioner pages, the scanner's
and the reports' cross-checks). Through the database it costs a round trip to the server, whose
scheduling jitter on a small machine dominates its tail; read from the memory-mapped index it is
a binary search and a few slices. The database stays the source of truth: these files are derived
from the same rows, during the load, and a test checks that both give the same candidate.

Files (``snapshot-N/``): ``id_text``/``id_person`` (sorted identifiers → person position);
``pd.bin`` + ``pd_end`` (per person: identifier, type, names, title, profession, category);
``pl.bin`` + ``pl_start``/``pl_end``/``pl_off`` (places per person, registry order); ``sk_id`` +
``sk_off`` (savoir-faire per person, by code; the distinct triples are in ``meta["skills"]``).
Records are UTF-8 fields separated by ``\\x1f``, each ended by ``\\x1e``; the ``.bin`` pools are written to the staging
directory as batches arrive, so they never sit in the builder's memory.
"""

from __future__ import annotations

from array import array
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
from numpy.typing import NDArray

from vigie.registry.models import ROW_COLUMNS

if TYPE_CHECKING:  # imported by the loader's helper only (``_frame_pool``): readers never pay it
    import polars as pl

SEP = "\x1f"  # between the fields of a record
END = "\x1e"  # after each record (part of its byte span; readers drop it)
ID_WIDTH = 11  # RPPS numbers; ADELI ones (9 characters) are NUL-padded by numpy's "S" type
# Rows come in the snapshot tables' column order (``models.ROW_COLUMNS``). A person record is the slice
# ``PERSON_RECORD`` of a practitioner row (a slice costs no per-field work); a place record the
# ``PLACE_RECORD`` columns of an activity row; a savoir-faire is (code, label, type code).
_PRACTITIONER = ROW_COLUMNS["registry_practitioner"]
_PERSON_SLICE = slice(
    _PRACTITIONER.index("identifier_type"), _PRACTITIONER.index("category_code") + 1
)
PERSON_RECORD = _PRACTITIONER[_PERSON_SLICE]
_IDENTIFIER = _PRACTITIONER.index("identifier")
_KEY = _PRACTITIONER.index("person_key")
PLACE_RECORD = ("city", "postcode", "department", "site_name", "address", "phone")
_PLACE = itemgetter(*(ROW_COLUMNS["registry_activity"].index(name) for name in PLACE_RECORD))
_SKILL = itemgetter(
    *(ROW_COLUMNS["registry_savoir_faire"].index(n) for n in ("code", "label", "type_code"))
)


def _pool(records: list[tuple[str, ...]]) -> tuple[bytes, NDArray[np.int64]]:
    """Records (tuples of fields) as one UTF-8 pool, each followed by ``END``; their byte lengths.

    Fields are joined per record in C and the whole batch encoded once; the lengths come from a
    vectorised scan for the ``END`` bytes (a UTF-8 multi-byte character never holds one). A field
    holding ``SEP`` or ``END`` itself (never seen in the extract) would shift what follows: such a
    batch is redone with them replaced by spaces.
    """
    fields = len(records[0])
    text = END.join([SEP.join(record) for record in records]) + END
    if text.count(SEP) != len(records) * (fields - 1) or text.count(END) != len(records):
        text = END.join([SEP.join(_plain(field) for field in record) for record in records]) + END
    pool = text.encode()
    marks = np.flatnonzero(np.frombuffer(pool, dtype=np.uint8) == ord(END))
    return pool, np.diff(marks, prepend=-1).astype(np.int64)


def _plain(field: str) -> str:
    return field.replace(SEP, " ").replace(END, " ")


def _frame_pool(frame: pl.DataFrame, columns: tuple[str, ...]) -> tuple[bytes, NDArray[np.int64]]:
    """``_pool`` of the ``columns`` of ``frame``: the same bytes, built by Polars.

    The records are joined into one pool inside Polars (no Python string per record). As in
    ``_pool``, a batch whose fields hold ``SEP`` or ``END`` is redone with them replaced by
    spaces, which changes nothing in one that does not.
    """
    import polars as pl  # here, not at the top: the serving path never loads Polars

    def records(fields: list[pl.Expr]) -> pl.Series:
        return frame.select(pl.concat_str(fields, separator=SEP) + END).to_series()

    joined = records([pl.col(name) for name in columns])
    pool: bytes = joined.str.join("").cast(pl.Binary).item()
    seps, ends = pool.count(SEP.encode()), pool.count(END.encode())
    if seps != frame.height * (len(columns) - 1) or ends != frame.height:
        plain = [
            pl.col(c)
            .str.replace_all(SEP, " ", literal=True)
            .str.replace_all(END, " ", literal=True)
            for c in columns
        ]
        joined = records(plain)
        pool = joined.str.join("").cast(pl.Binary).item()
    return pool, joined.str.len_bytes().to_numpy().astype(np.int64)


class DetailTables:
    """Accumulates persons, places and savoir-faire rows into the detail files of ``directory``."""

    def __init__(self, directory: Path) -> None:
        self._persons: BinaryIO = (directory / "pd.bin").open("wb")
        self._places: BinaryIO = (directory / "pl.bin").open("wb")
        self.person_ends = array("q")
        self.place_ends = array("q")
        self.place_owners = array("q")
        self.identifiers = bytearray()
        self._person_size = 0
        self._place_size = 0
        self.skill_owners = array("q")
        self.skill_ids = array("i")
        self.skills: list[tuple[str, str, str]] = []
        self._skill_index: dict[tuple[str, str, str], int] = {}

    def add_persons(self, rows: list[tuple[Any, ...]]) -> None:
        """Practitioner rows, in ``person_key`` order."""
        pool, lengths = _pool([row[_PERSON_SLICE] for row in rows])
        self._persons.write(pool)
        self._person_size = _extend_ends(self.person_ends, self._person_size, lengths)
        at = _IDENTIFIER
        packed = "".join([row[at].ljust(ID_WIDTH, "\0") for row in rows]).encode()
        if len(packed) != ID_WIDTH * len(rows):  # a non-ASCII identifier: one slot each anyway
            packed = b"".join(row[at].encode()[:ID_WIDTH].ljust(ID_WIDTH, b"\0") for row in rows)
        self.identifiers += packed

    def add_person_frame(self, frame: pl.DataFrame) -> None:
        """``add_persons`` for a frame of ``registry_practitioner`` columns."""
        import polars as pl  # the loader's helper only (see ``_frame_pool``)

        pool, lengths = _frame_pool(frame, PERSON_RECORD)
        self._persons.write(pool)
        self._person_size = _extend_ends(self.person_ends, self._person_size, lengths)
        padded = frame["identifier"].str.pad_end(ID_WIDTH, "\0")  # ``str.ljust``, in Polars
        packed: bytes = padded.str.join("").cast(pl.Binary).item()
        if len(packed) != ID_WIDTH * frame.height:
            identifiers = frame["identifier"].to_list()
            packed = b"".join(v.encode()[:ID_WIDTH].ljust(ID_WIDTH, b"\0") for v in identifiers)
        self.identifiers += packed

    def add_place_frame(self, frame: pl.DataFrame) -> None:
        """``add_places`` for a frame of ``registry_activity`` columns."""
        pool, lengths = _frame_pool(frame, PLACE_RECORD)
        self._places.write(pool)
        self._place_size = _extend_ends(self.place_ends, self._place_size, lengths)
        self.place_owners.frombytes(frame["person_key"].to_numpy().astype(np.int64).tobytes())

    def add_skill_frame(self, frame: pl.DataFrame) -> None:
        """``add_skills`` for a frame of ``registry_savoir_faire`` columns."""
        skills = frame.select("code", "label", "type_code").rows()
        self._add_skills(skills, frame["person_key"].to_list())

    def add_places(self, rows: list[tuple[Any, ...]]) -> None:
        """Activity rows; a person's in registry order."""
        pool, lengths = _pool(list(map(_PLACE, rows)))
        self._places.write(pool)
        self._place_size = _extend_ends(self.place_ends, self._place_size, lengths)
        self.place_owners.extend([row[_KEY] for row in rows])

    def add_skills(self, rows: list[tuple[Any, ...]]) -> None:
        """Savoir-faire rows (a few hundred distinct ones: each gets a number)."""
        self._add_skills(list(map(_SKILL, rows)), [row[_KEY] for row in rows])

    def _add_skills(self, skills: list[tuple[str, str, str]], owners: list[int]) -> None:
        index, ids = self._skill_index, []
        for skill in skills:
            found = index.get(skill)
            if found is None:
                found = index[skill] = len(self.skills)
                self.skills.append(skill)
            ids.append(found)
        self.skill_owners.extend(owners)
        self.skill_ids.extend(ids)

    def arrays(self, person_keys: NDArray[np.int64]) -> dict[str, NDArray[Any]]:
        """Close the pools and return the arrays (``person_keys``: sorted, one per person)."""
        self._persons.close()
        self._places.close()
        identifiers = np.frombuffer(bytes(self.identifiers), dtype=f"S{ID_WIDTH}")
        order = np.argsort(identifiers, kind="stable")
        place_ends = np.frombuffer(self.place_ends, dtype=np.int64)
        place_starts = np.concatenate(([0], place_ends[:-1])).astype(np.int64)
        owners = _positions(person_keys, self.place_owners)
        by_owner = np.argsort(owners, kind="stable")
        skills = self._skill_arrays(person_keys)
        return {
            "id_text": identifiers[order],
            "id_person": order.astype(np.int32),
            "pd_end": np.frombuffer(self.person_ends, dtype=np.int64).copy(),
            "pl_start": place_starts[by_owner],
            "pl_end": place_ends[by_owner],
            "pl_off": _csr(owners, len(person_keys)),
        } | skills

    def _skill_arrays(self, person_keys: NDArray[np.int64]) -> dict[str, NDArray[Any]]:
        """Savoir-faire renumbered in code order, so the files do not depend on arrival order."""
        by_code = sorted(range(len(self.skills)), key=self.skills.__getitem__)
        rank = np.zeros(len(self.skills), dtype=np.int32)
        rank[np.array(by_code, dtype=np.int64)] = np.arange(len(by_code), dtype=np.int32)
        self.skills = [self.skills[i] for i in by_code]
        owners = _positions(person_keys, self.skill_owners)
        ids = rank[np.frombuffer(self.skill_ids, dtype=np.int32)] if self.skill_ids else owners
        order = np.lexsort((ids, owners))
        return {"sk_id": ids[order].astype(np.int32), "sk_off": _csr(owners, len(person_keys))}

    def meta(self) -> dict[str, Any]:
        return {"skills": [list(skill) for skill in self.skills]}

    def close(self) -> None:
        self._persons.close()
        self._places.close()


def _extend_ends(ends: array[int], size: int, lengths: NDArray[np.int64]) -> int:
    """Append the end offsets of records of ``lengths`` after ``size`` bytes; the new size."""
    cumulative = np.cumsum(lengths) + size
    ends.frombytes(cumulative.tobytes())
    return int(cumulative[-1]) if len(cumulative) else size


def _positions(person_keys: NDArray[np.int64], owners: array[int]) -> NDArray[np.int64]:
    if not owners:
        return np.zeros(0, dtype=np.int64)
    return np.searchsorted(person_keys, np.frombuffer(owners, dtype=np.int64)).astype(np.int64)


def _csr(owners: NDArray[np.int64], count: int) -> NDArray[np.int64]:
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(owners, minlength=count), out=offsets[1:])
    return offsets


class PersonDetails:
    """Reads one person's detail records from an opened index (arrays and pools memory-mapped)."""

    def __init__(self, arrays: dict[str, NDArray[Any]], directory: Path, meta: dict[str, Any]):
        self.arrays = arrays
        self.persons = _map(directory / "pd.bin")
        self.places = _map(directory / "pl.bin")
        self.skills: list[list[str]] = meta["skills"]

    def position(self, identifier: str) -> int | None:
        ids = self.arrays["id_text"]
        key = identifier.encode()
        if not key or len(key) > ID_WIDTH:
            return None
        at = int(np.searchsorted(ids, key))
        if at < len(ids) and ids[at] == key:
            return int(self.arrays["id_person"][at])
        return None

    def person(self, position: int) -> list[str]:
        ends = self.arrays["pd_end"]
        start = int(ends[position - 1]) if position else 0
        return bytes(self.persons[start : int(ends[position]) - 1]).decode().split(SEP)

    def places_of(self, position: int) -> list[list[str]]:
        a = self.arrays
        first, last = int(a["pl_off"][position]), int(a["pl_off"][position + 1])
        starts, ends = a["pl_start"][first:last].tolist(), a["pl_end"][first:last].tolist()
        return [
            bytes(self.places[s : e - 1]).decode().split(SEP)
            for s, e in zip(starts, ends, strict=True)
        ]

    def skills_of(self, position: int) -> list[list[str]]:
        a = self.arrays
        first, last = int(a["sk_off"][position]), int(a["sk_off"][position + 1])
        return [self.skills[i] for i in a["sk_id"][first:last].tolist()]


def _map(path: Path) -> NDArray[np.uint8]:
    if path.stat().st_size == 0:
        return np.zeros(0, dtype=np.uint8)
    return np.memmap(path, dtype=np.uint8, mode="r").view(np.ndarray)
