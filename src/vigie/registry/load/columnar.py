"""The columnar load: each chunk of a file becomes snapshot rows through Polars expressions.

Same contract as ``read.read_file`` + ``assemble.Assembler`` (the row-by-row path, kept as the
reference this one is tested against): one practitioner per identifier, numbered ``person_key``
in order of first appearance with the columns of their first kept row; their activities (rows with
a practice site) numbered ``seq`` in file order; the union of their savoir-faire from both files,
first seen first kept. Per chunk, the only Python loop left runs over its savoir-faire markers
(the set of pairs already attached); identifiers find their key in sorted arrays (``person_keys``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
from numpy.typing import NDArray

from vigie.registry.columns import FileKind
from vigie.registry.load.assemble import Tally
from vigie.registry.load.checks import ID, PROBLEM, rejected_rows, with_problems
from vigie.registry.load.chunks import LINE, ChunkParser, ParsedChunk, iter_chunks, split_header
from vigie.registry.load.frames import SAVOIR_FAIRE, FrameBatch, empty, empty_batch
from vigie.registry.load.parser import Header, RowError
from vigie.registry.load.person_keys import PersonKeys
from vigie.registry.load.read import (
    ProgressHook,
    check_reject_rate,
    empty_file,
    truncated,
)
from vigie.registry.load.rowparsers import (
    PERSON_COLUMNS,
    SAVOIR_FAIRE_COLUMNS,
    SITE_COLUMNS,
    SITE_PRESENCE_COLUMNS,
    STREET_COLUMNS,
)
from vigie.registry.load.source_types import SourceDate
from vigie.registry.load.sources import SourceFile
from vigie.registry.models import ROW_COLUMNS

if TYPE_CHECKING:  # the diplomas validator's process never loads the database layer
    from vigie.registry.load.bulk import BulkWriter

_IDENTITY = ("Type d'identifiant PP", "Identifiant PP", "Identification nationale PP")
_DEPARTMENT, _POSTCODE = "Code Département (structure)", "Code postal (coord. structure)"
WANTED: dict[FileKind, tuple[str, ...]] = {
    FileKind.ACTIVITY: tuple(
        dict.fromkeys(
            (
                *PERSON_COLUMNS,
                *SITE_COLUMNS,
                *SAVOIR_FAIRE_COLUMNS,
                *SITE_PRESENCE_COLUMNS,
                *STREET_COLUMNS,
                _DEPARTMENT,
            )
        )
    ),
    FileKind.SAVOIR_FAIRE: (*_IDENTITY, *SAVOIR_FAIRE_COLUMNS),
    FileKind.DIPLOMA: _IDENTITY,
}
_KEY = "person_key"
# What ``_activities`` reads of a row with a practice site.
_ACTIVITY_INPUTS = tuple(dict.fromkeys((*SITE_COLUMNS, *STREET_COLUMNS, _DEPARTMENT, _POSTCODE)))
_PERSON_NAMES = ROW_COLUMNS["registry_practitioner"][2:]
_SITE_NAMES = ROW_COLUMNS["registry_activity"][3 : 3 + len(SITE_COLUMNS)]
_SKILL_NAMES = ROW_COLUMNS["registry_savoir_faire"][2:]


def _department() -> pl.Expr:
    """``normalize.department_of`` of the postcode, when the department column is empty."""
    postcode = pl.col(_POSTCODE)
    french = (postcode.str.len_bytes() == 5) & postcode.str.contains(r"^[0-9]{5}$")
    derived = (
        pl.when(~french)
        .then(pl.lit(""))
        .when(postcode.str.starts_with("97") | postcode.str.starts_with("98"))
        .then(postcode.str.slice(0, 3))
        .when(postcode.str.starts_with("20"))
        .then(pl.when(postcode < "20200").then(pl.lit("2A")).otherwise(pl.lit("2B")))
        .otherwise(postcode.str.slice(0, 2))
    )
    own = pl.col(_DEPARTMENT)
    return pl.when(own != "").then(own).otherwise(derived)


def _address() -> pl.Expr:
    """Number and repeat index joined, then type and street, with one space between non-empty parts."""
    number, repeat, kind, street = (pl.col(name) for name in STREET_COLUMNS)
    parts = [number + repeat, kind, street]
    return pl.concat_str(
        [pl.when(part != "").then(part) for part in parts], separator=" ", ignore_nulls=True
    )


def _rank_within(keys: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each row's rank among the rows of its key, in row order (``int_range().over(key)``, which
    hashed every chunk's keys: 30 ms a chunk against 3 for a stable sort)."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.ones(len(keys), dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    positions = np.arange(len(keys), dtype=np.int64)
    rank = np.empty(len(keys), dtype=np.int64)
    rank[order] = positions - np.maximum.accumulate(np.where(starts, positions, 0))
    return rank


class ColumnarAssembler:
    """Accumulates one snapshot's rows chunk by chunk; ``take()`` hands over what is ready."""

    def __init__(self, snapshot_id: int) -> None:
        self.snapshot_id = snapshot_id
        self.keys = PersonKeys()
        self.activity_counts = np.zeros(1024, dtype=np.int64)
        self.seen_savoir_faire: set[int] = set()
        self.savoir_faire_ids: dict[str, int] = {}
        self.tally = Tally()
        self.parts: list[FrameBatch] = []
        self.pending = 0

    def add_activities(self, rows: pl.DataFrame) -> None:
        """Kept rows of ``Personne_activite``, in file order."""
        keyed, persons = self._with_keys(rows, new_persons=True)
        # Only the columns each table reads are filtered (a filter copies every column it keeps).
        has_site = keyed.select(pl.any_horizontal([pl.col(c) != "" for c in SITE_PRESENCE_COLUMNS]))
        sites = keyed.select(_KEY, *_ACTIVITY_INPUTS).filter(has_site.to_series())
        activities = self._activities(sites)
        skills = keyed.select(_KEY, *SAVOIR_FAIRE_COLUMNS).filter(pl.col("Code savoir-faire") != "")
        self._add(persons, activities, self._skills(skills))

    def add_savoir_faire(self, rows: pl.DataFrame) -> None:
        """Kept rows of ``SavoirFaire``: attached to known persons, orphans only counted."""
        keyed, _ = self._with_keys(rows, new_persons=False)
        known = keyed.filter(pl.col(_KEY) >= 0)
        self.tally.savoir_faire_orphans += keyed.height - known.height
        self._add(None, None, self._skills(known))

    def _with_keys(
        self, rows: pl.DataFrame, new_persons: bool
    ) -> tuple[pl.DataFrame, pl.DataFrame | None]:
        """``rows`` with their ``person_key`` (-1: unknown), and the rows of new persons.

        A person's rows are consecutive, so the identifier map is consulted once per run of
        rows; a run's first row is the first kept row of its identifier when the key is new.
        """
        identifiers = rows[ID]
        starts = (identifiers != identifiers.shift(1)).fill_null(value=True)
        firsts = starts.arg_true()
        codes = self.keys.codes_of(identifiers.gather(firsts))
        start = self.keys.count
        if new_persons:
            found, new = self.keys.add(codes)
        else:
            found, new = self.keys.find(codes), np.zeros(0, dtype=np.int64)
        run = (starts.cum_sum() - 1).to_numpy()
        keyed = rows.with_columns(pl.Series(_KEY, found[run], dtype=pl.Int64))
        if not new_persons:
            return keyed, None
        self._grow(self.keys.count)
        first_rows = np.zeros(rows.height, dtype=bool)
        first_rows[firsts.to_numpy()[new]] = True  # in file order: the order keys were given
        fresh = rows.select(PERSON_COLUMNS).filter(pl.Series(first_rows))  # a filter, not a gather
        return keyed, self._person_rows(fresh, start)

    def _person_rows(self, fresh: pl.DataFrame, start: int) -> pl.DataFrame:
        self.tally.by_profession.update(fresh["Code profession"].to_list())
        columns = [pl.col(c).alias(n) for c, n in zip(PERSON_COLUMNS, _PERSON_NAMES, strict=True)]
        return fresh.select(
            pl.lit(self.snapshot_id, dtype=pl.Int64).alias("snapshot_id"),
            pl.int_range(start, start + pl.len(), dtype=pl.Int64).alias(_KEY),
            *columns,
        )

    def _activities(self, sites: pl.DataFrame) -> pl.DataFrame:
        keys = sites[_KEY].to_numpy()
        seq = self.activity_counts[keys] + _rank_within(keys)
        np.add.at(self.activity_counts, keys, 1)
        columns = [pl.col(c).alias(n) for c, n in zip(SITE_COLUMNS, _SITE_NAMES, strict=True)]
        return sites.select(
            pl.lit(self.snapshot_id, dtype=pl.Int64).alias("snapshot_id"),
            pl.col(_KEY),
            pl.Series("seq", seq, dtype=pl.Int64),
            *columns,
            _address().alias("address"),
            _department().alias("department"),
        )

    def _skills(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Savoir-faire not yet attached to their person (first seen kept)."""
        if rows.height == 0:
            return empty(SAVOIR_FAIRE)
        ids = self.savoir_faire_ids
        for code in rows["Code savoir-faire"].unique().to_list():
            ids.setdefault(code, len(ids))
        codes = pl.col("Code savoir-faire").replace_strict(ids, return_dtype=pl.Int64)
        markers = rows.select(codes * (1 << 32) + pl.col(_KEY)).to_series().to_list()
        seen = self.seen_savoir_faire
        keep = []
        for marker in markers:
            keep.append(marker not in seen)
            seen.add(marker)
        names = zip(SAVOIR_FAIRE_COLUMNS, _SKILL_NAMES, strict=True)
        return rows.filter(pl.Series(keep, dtype=pl.Boolean)).select(
            pl.lit(self.snapshot_id, dtype=pl.Int64).alias("snapshot_id"),
            pl.col(_KEY),
            *(pl.col(c).alias(n) for c, n in names),
        )

    def _add(
        self,
        persons: pl.DataFrame | None,
        activities: pl.DataFrame | None,
        skills: pl.DataFrame,
    ) -> None:
        batch = empty_batch()
        batch = FrameBatch(
            persons if persons is not None else batch.practitioners,
            activities if activities is not None else batch.activities,
            skills,
        )
        self.parts.append(batch)
        self.pending += len(batch)

    def _grow(self, size: int) -> None:
        if size > len(self.activity_counts):
            grown = np.zeros(max(size, 2 * len(self.activity_counts)), dtype=np.int64)
            grown[: len(self.activity_counts)] = self.activity_counts
            self.activity_counts = grown

    def take(self) -> FrameBatch:
        parts, self.parts, self.pending = self.parts, [], 0
        if not parts:
            return empty_batch()
        batch = FrameBatch(
            *(pl.concat([getattr(p, name) for p in parts]) for name in FrameBatch.__slots__)
        )
        self.tally.persons += batch.practitioners.height
        self.tally.activities += batch.activities.height
        self.tally.savoir_faire += batch.savoir_faire.height
        return batch

    def release(self) -> None:
        """Drop the per-person maps once every file is read (the index build needs the memory)."""
        self.keys = PersonKeys()
        self.activity_counts = np.zeros(0, dtype=np.int64)
        self.seen_savoir_faire = set()
        self.savoir_faire_ids = {}


class ColumnarReader:
    """One file, chunk by chunk: header, field counts, checks, assembly, batches to the writer."""

    def __init__(
        self,
        source: SourceFile,
        assembler: ColumnarAssembler,
        writer: BulkWriter,
        batch_rows: int,
        after_batch: Callable[[int], None] | None,
    ) -> None:
        self.source = source
        self.kind = source.kind
        self.assembler = assembler
        self.writer = writer
        self.batch_rows = batch_rows
        self.after_batch = after_batch
        self.parser: ChunkParser | None = None
        self.last_ok = ""
        self.rows = 0
        self.rejects = 0

    def consume(self, chunk: ParsedChunk) -> None:
        frame = chunk.frame
        self.rows += frame.height + len(chunk.rejects)
        activity = self.kind is FileKind.ACTIVITY
        checked = with_problems(frame, activity)
        rejected, self.last_ok = rejected_rows(checked, self.last_ok)
        reasons = checked.filter(rejected).select(LINE, PROBLEM).rows()
        kept = checked.filter(~rejected)
        if self.kind is FileKind.SAVOIR_FAIRE:
            empty_code = pl.col("Code savoir-faire") == ""
            reasons += [(line, "empty savoir-faire code") for line in kept.filter(empty_code)[LINE]]
            kept = kept.filter(~empty_code)
        self._reject(sorted([*chunk.rejects, *reasons]), chunk)
        if activity:
            self.assembler.add_activities(kept)
        elif self.kind is FileKind.SAVOIR_FAIRE:
            self.assembler.add_savoir_faire(kept)
        if self.assembler.pending >= self.batch_rows:
            self.flush()

    def _reject(self, rejects: list[tuple[int, str]], chunk: ParsedChunk) -> None:
        for line, reason in rejects:
            if chunk.unterminated_last and line == chunk.last_line:
                raise truncated(self.source.name, line, reason)
            self.rejects += 1
            self.assembler.tally.reject(RowError(self.source.name, line, reason))

    def flush(self) -> None:
        for batch in self.assembler.take().slices(self.batch_rows):
            if len(batch):
                self.writer.write(batch)
                if self.after_batch is not None:
                    self.after_batch(self.assembler.tally.persons)


def read_file_columnar(
    source: SourceFile,
    assembler: ColumnarAssembler,
    writer: BulkWriter,
    *,
    batch_rows: int,
    max_reject_rate: float,
    progress: ProgressHook | None = None,
    after_batch: Callable[[int], None] | None = None,
) -> SourceDate | None:
    """``read.read_file``'s twin: read ``source`` completely, return the date it gives itself."""
    reader = ColumnarReader(source, assembler, writer, batch_rows, after_batch)
    name = source.name
    with source.open() as opened:
        if progress is not None:
            progress.start(name, opened.size)
        advance = progress.advance if progress is not None else None
        for raw in iter_chunks(opened.stream, advance):
            chunk = raw
            if reader.parser is None:
                header_line, chunk = split_header(raw, name)
                reader.parser = ChunkParser(
                    Header(header_line, source.kind, name), WANTED[source.kind]
                )
            reader.consume(reader.parser.parse(chunk, name))
        date = opened.date
    if reader.parser is None:
        raise empty_file(name)
    check_reject_rate(name, reader.rows, reader.rejects, assembler.tally, max_reject_rate)
    reader.flush()
    assembler.tally.rows_read += reader.rows
    return date
