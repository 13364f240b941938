"""``load_registry``: read the three extract files into a new snapshot and make it current.

Order of a load, and why a crash at any point leaves the previous snapshot current and intact:

1. take the load lock (a second load waits or refuses: ``RegistryLoadBusy``);
2. discard snapshots left ``loading`` by dead loaders;
3. create a ``loading`` snapshot row; stream the files, writing rows in batches under its id
   (readers only look at ``registry_state.current_snapshot_id``, so they never see these rows)
   and feeding the same rows to the search-index builder (``sink.py``: in a helper process at
   national scale), which writes the index files once the last batch is in;
4. check the reject rate and the size; refresh planner statistics;
5. one transaction flips ``registry_state`` (current -> previous, new -> current);
6. drop snapshots older than the previous one (rows and index directory).

Any error before step 5 deletes what was written and marks the snapshot ``failed``; a kill before
step 5 leaves a ``loading`` snapshot that step 2 of the next load removes.
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Settings
from vigie.db.engine import make_session_factory, transaction
from vigie.errors import RegistryError, RegistryFormatError
from vigie.registry.columns import FileKind
from vigie.registry.load import snapshots
from vigie.registry.load.assemble import SAMPLE_REJECTS, Assembler, Tally
from vigie.registry.load.background import BACKGROUND_MIN_BYTES, Validation, Validator
from vigie.registry.load.bulk import loader_engine, refresh_statistics
from vigie.registry.load.columnar import ColumnarAssembler, read_file_columnar
from vigie.registry.load.lock import load_lock
from vigie.registry.load.read import ProgressHook, read_file
from vigie.registry.load.sink import SinkReport, open_sink
from vigie.registry.load.source_types import SourceDate
from vigie.registry.load.sources import SourceFile, known_size, resolve
from vigie.registry.models import Snapshot
from vigie.registry.services import current_snapshot

__all__ = [
    "DEFAULT_PARSER",
    "LoadOptions",
    "LoadResult",
    "Parser",
    "load_registry",
    "loader_engine",
]

FILE_ORDER = (FileKind.ACTIVITY, FileKind.SAVOIR_FAIRE, FileKind.DIPLOMA)


class Parser(StrEnum):
    """How the files are read (``vigie registry load --parser``): same rows, index and rejects."""

    ROWS = "rows"  # ``read`` + ``assemble``: line by line in Python
    COLUMNAR = "columnar"  # ``chunks`` + ``columnar``: Polars over 24 MiB chunks


# Columnar since issue 16's national runs: on one contended run it loaded SQLite in 129 s against
# the row parser's 234 s (54.6 against 72.3 CPU-s, loader and helpers), PostgreSQL in 109 s.
DEFAULT_PARSER = Parser.COLUMNAR


@dataclass(slots=True)
class LoadOptions:
    max_reject_rate: float | None = None  # None: settings.registry_reject_threshold
    wait_seconds: float = 0.0
    allow_shrink: bool = False  # accept far fewer persons than the current snapshot
    progress: ProgressHook | None = None
    # Called after each written batch; the crash tests use it to find a moment to kill the loader.
    after_batch: Callable[[int], None] | None = None
    # Write rows and build the index in a helper process; None: when the activity file is big
    # (or a URL, size unknown), since for a small one starting an interpreter costs more.
    helper_process: bool | None = None
    # The columnar parser (``chunks`` + ``columnar``, Polars; the default, see ``DEFAULT_PARSER``)
    # or the row-by-row one (``read`` + ``assemble``). Both give the same rows, index files and
    # rejects (tests/registry/test_columnar.py); the row parser is kept as the reference.
    columnar_parser: bool = DEFAULT_PARSER is Parser.COLUMNAR


@dataclass(slots=True)
class LoadResult:
    snapshot_id: int
    replaced_snapshot_id: int | None
    dropped_snapshot_ids: list[int]
    stale_snapshot_ids: list[int]
    source_date: SourceDate | None
    source_files: list[str]
    tally: Tally
    timings: dict[str, float] = field(default_factory=dict)


def load_registry(
    settings: Settings, sources: list[str], options: LoadOptions | None = None
) -> LoadResult:
    """Load ``sources`` into a new current snapshot; raise a ``RegistryError`` and change nothing on failure.

    A big load starts helper processes with ``spawn``, which re-imports the caller's ``__main__``:
    a script calling this must keep its top-level code under ``if __name__ == "__main__":``.
    """
    options = options or LoadOptions()
    engine = loader_engine(settings)
    try:
        with load_lock(engine, options.wait_seconds):
            return _load_locked(settings, engine, sources, options)
    finally:
        engine.dispose()


def _load_locked(
    settings: Settings, engine: Engine, sources: list[str], options: LoadOptions
) -> LoadResult:
    factory = make_session_factory(engine)
    index_dir = settings.index_dir
    stale = snapshots.clean_stale(factory, index_dir)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="registry-load-", dir=settings.data_dir) as work:
        files = resolve(sources, work_dir=Path(work))
        names = [files[kind].name for kind in FILE_ORDER]
        snapshot_id = snapshots.create_loading(factory, names)
        try:
            result = _fill(settings, engine, factory, files, snapshot_id, options)
        except BaseException as exc:
            # If the cleanup fails too (database gone), the snapshot stays `loading` and the next
            # load removes it; the original error is the one worth showing.
            with suppress(Exception):
                snapshots.fail(factory, index_dir, snapshot_id, str(exc))
            raise
    result.stale_snapshot_ids = stale
    started = time.perf_counter()
    result.replaced_snapshot_id = snapshots.switch(factory, snapshot_id)
    result.timings["switch"] = time.perf_counter() - started
    started = time.perf_counter()
    result.dropped_snapshot_ids = snapshots.drop_older(factory, index_dir)
    result.timings["drop"] = time.perf_counter() - started
    return result


def _fill(
    settings: Settings,
    engine: Engine,
    factory: sessionmaker[Session],
    files: dict[FileKind, SourceFile],
    snapshot_id: int,
    options: LoadOptions,
) -> LoadResult:
    """Parse and write every file (the index is built alongside), check the size, record the counts."""
    assembler: Assembler | ColumnarAssembler = (
        ColumnarAssembler(snapshot_id) if options.columnar_parser else Assembler(snapshot_id)
    )
    threshold = (
        settings.registry_reject_threshold
        if options.max_reject_rate is None
        else options.max_reject_rate
    )
    timings: dict[str, float] = {}
    started, cpu = time.perf_counter(), time.process_time()
    dates, sink, handed_over = _read_all(
        settings, engine, files, snapshot_id, assembler, threshold, options
    )
    timings["parse_write"] = handed_over - started
    timings["index_tail"] = time.perf_counter() - started - timings["parse_write"]
    timings["parse_write_cpu"] = time.process_time() - cpu  # the threads of this process
    timings["sink_write"], timings["sink_index"] = sink.write, sink.index + sink.index_files
    timings["sink_cpu"] = sink.cpu
    tally = assembler.tally
    if tally.persons == 0:
        raise RegistryError(
            f"{files[FileKind.ACTIVITY].name}: no practitioner rows; refusing an empty registry."
        )
    if not options.allow_shrink:
        _check_size(factory, tally.persons, settings.registry_min_persons_ratio)
    started = time.perf_counter()
    refresh_statistics(engine)
    timings["analyze"] = time.perf_counter() - started
    source_date = dates[0] or next((d for d in dates if d is not None), None)
    _record(factory, snapshot_id, tally, source_date)
    names = [files[kind].name for kind in FILE_ORDER]
    return LoadResult(snapshot_id, None, [], [], source_date, names, tally, timings)


def _read_all(
    settings: Settings,
    engine: Engine,
    files: dict[FileKind, SourceFile],
    snapshot_id: int,
    assembler: Assembler | ColumnarAssembler,
    threshold: float,
    options: LoadOptions,
) -> tuple[list[SourceDate | None], SinkReport, float]:
    """Stream the files into the sink (database + index); the diplomas file is validated alongside.

    Returns the dates the sources give, the sink's report, and when the last batch was handed over.
    """
    # The columnar parser checks the national diplomas file in ~1 CPU-second, less than a helper
    # process costs to start (~2: an interpreter and its imports): it runs here, after the other
    # two files, while the sink writes its last batches and the index files. The row parser
    # needs ~4 s for it: a process, beside the main load.
    inline = sys.maxsize if options.columnar_parser else BACKGROUND_MIN_BYTES
    validator = Validator(
        files[FileKind.DIPLOMA], threshold, min_bytes=inline, columnar=options.columnar_parser
    )
    helper = options.helper_process
    if helper is None:
        size = known_size(files[FileKind.ACTIVITY])
        helper = size is None or size >= BACKGROUND_MIN_BYTES
    writer = open_sink(
        settings, engine, snapshot_id, in_process=not helper, columnar=options.columnar_parser
    )
    dates: list[SourceDate | None] = []
    # Millions of short-lived acyclic tuples: the cyclic GC would rescan them for nothing (~20%).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for kind in (FileKind.ACTIVITY, FileKind.SAVOIR_FAIRE):
            read = read_file if isinstance(assembler, Assembler) else read_file_columnar
            date = read(
                files[kind],
                assembler,  # type: ignore[arg-type]
                writer,
                batch_rows=settings.registry_batch_rows,
                max_reject_rate=threshold,
                progress=options.progress,
                after_batch=options.after_batch,
            )
            dates.append(date)
        validation = validator.result(options.progress)  # the sink catches up meanwhile
        dates.append(_merge(validation, assembler.tally))
        handed_over = time.perf_counter()
        # The per-person maps go before the helper's own peak (building the index arrays).
        assembler.release()
        report = writer.finish()  # waits for the last rows and the index files
    finally:
        validator.stop()
        writer.close()
        if gc_was_enabled:
            gc.enable()
    return dates, report, handed_over


def _merge(validation: Validation, tally: Tally) -> SourceDate | None:
    if validation.error is not None:
        error = RegistryFormatError if validation.error_is_format else RegistryError
        raise error(validation.error)
    tally.rows_read += validation.rows
    tally.rows_rejected += validation.rejects
    room = SAMPLE_REJECTS - len(tally.rejects_sample)
    tally.rejects_sample.extend(validation.sample[: max(room, 0)])
    return validation.date


def _check_size(factory: sessionmaker[Session], persons: int, min_ratio: float) -> None:
    """Refuse a registry that shrank too much: a filtered or cut file must not replace a good one."""
    with factory() as session:
        current = current_snapshot(session)
    if current is not None and persons < min_ratio * current.persons:
        raise RegistryFormatError(
            f"This extract has {persons:,} persons, the current registry {current.persons:,} "
            f"(below {min_ratio:.0%}): the file may be truncated or filtered. Nothing was changed; "
            "pass --allow-shrink if the drop is real.",
            details={"persons": persons, "current_persons": current.persons},
        )


def _record(
    factory: sessionmaker[Session], snapshot_id: int, tally: Tally, date: SourceDate | None
) -> None:
    with transaction(factory) as session:
        snapshot = session.get_one(Snapshot, snapshot_id)
        snapshot.source_date = date.date if date else dt.datetime.now(dt.UTC).date()
        snapshot.source_date_origin = date.origin if date else "load_time"
        snapshot.rows_read = tally.rows_read
        snapshot.rows_rejected = tally.rows_rejected
        snapshot.persons = tally.persons
        snapshot.activities = tally.activities
        snapshot.savoir_faire = tally.savoir_faire
        snapshot.counts_by_profession = dict(tally.by_profession)
        snapshot.rejects_sample = [
            {"file": e.file, "line": e.line, "reason": e.reason} for e in tally.rejects_sample
        ]
