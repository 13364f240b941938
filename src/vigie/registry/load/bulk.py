"""Bulk writers for a snapshot's rows: SQLite ``executemany`` (or ADBC) and PostgreSQL ``COPY``.

The ORM costs ~20x more per row than the driver, so the load talks to the driver directly through
one raw connection. Each batch is its own transaction: the rows carry a snapshot id that readers do
not look at until the switch, so committing early costs nothing in consistency and lets a crashed
load be cleaned up by id. On PostgreSQL a load's rows go to its snapshot's own tables, which
``finish`` indexes and attaches (``partitions``).
"""

from __future__ import annotations

import io
from typing import Any, Protocol, cast

import polars as pl
from sqlalchemy import Engine

from vigie.config import Settings
from vigie.db.engine import make_engine
from vigie.registry.load import partitions
from vigie.registry.load.assemble import Batch
from vigie.registry.load.frames import FrameBatch
from vigie.registry.models import ROW_COLUMNS

LOAD_STATEMENT_TIMEOUT_MS = 24 * 3600 * 1000  # bulk writes and deletes may take minutes


# How many integer columns start each table's rows (snapshot_id, person_key[, seq]).
INT_COLUMNS = {"registry_practitioner": 2, "registry_activity": 3, "registry_savoir_faire": 2}


def _tables(batch: Batch) -> list[tuple[str, list[tuple[object, ...]]]]:
    return [
        ("registry_practitioner", batch.practitioners),
        ("registry_activity", batch.activities),
        ("registry_savoir_faire", batch.savoir_faire),
    ]


class BulkWriter(Protocol):
    def write(self, batch: Batch | FrameBatch) -> None: ...

    def close(self) -> None: ...


class SqliteWriter:
    def __init__(self, engine: Engine) -> None:
        self.raw = engine.raw_connection()
        self.conn = cast(Any, self.raw.driver_connection)
        self.conn.execute(
            "PRAGMA cache_size=-65536"
        )  # 64 MiB: holds the identifier index being filled
        self.conn.execute("PRAGMA temp_store=MEMORY")
        self.sql = {  # table and column names are our constants, values go through parameters
            table: f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"  # noqa: S608
            for table, cols in ROW_COLUMNS.items()
        }

    def write(self, batch: Batch | FrameBatch) -> None:
        if isinstance(batch, FrameBatch):
            for table, frame in batch.tables():
                if frame.height:
                    self.conn.executemany(self.sql[table], frame.iter_rows())
        else:
            for table, rows in _tables(batch):
                if rows:
                    self.conn.executemany(self.sql[table], rows)
        self.conn.commit()

    def close(self) -> None:
        self.raw.close()


class PostgresWriter:
    """``COPY`` into the parents, a transaction per batch (rows written outside a load land in the
    default partitions); given a snapshot, into that snapshot's own tables, in one transaction.

    A load's transaction empties the snapshot's tables first (``TRUNCATE``: they were created
    empty with the snapshot row), so every ``COPY`` may ``FREEZE`` its rows: written frozen and
    all-visible, they need no hint bits set by the index builds' scans and no vacuum rewrite later
    (~0.5 CPU-s of the server's at national scale). ``finish`` indexes and attaches the tables and
    commits; a crash before that rolls back to the empty tables, which the next clean-up drops.
    """

    def __init__(self, engine: Engine, snapshot_id: int | None = None) -> None:
        self.snapshot_id = snapshot_id
        self.raw = engine.raw_connection()
        self.conn = cast(Any, self.raw.driver_connection)
        self.conn.execute("SET statement_timeout = 0")
        # A commit need not wait for its WAL flush: until the switch these rows belong to a
        # `loading` snapshot that a crash discards anyway, and the switch's own (synchronous)
        # commit flushes the WAL up to it, every batch included, since the WAL is flushed in order.
        self.conn.execute("SET synchronous_commit = off")
        self.conn.commit()
        freeze = "" if snapshot_id is None else ", FREEZE"
        columns = {
            table: f"{self._target(table)} ({', '.join(cols)})"
            for table, cols in ROW_COLUMNS.items()
        }
        self.sql = {
            table: f"COPY {target} FROM STDIN WITH (FORMAT text{freeze})"
            for table, target in columns.items()
        }
        self.csv_sql = {
            table: f"COPY {target} FROM STDIN WITH (FORMAT csv{freeze})"
            for table, target in columns.items()
        }
        self.started = False

    def write(self, batch: Batch | FrameBatch) -> None:
        self._start()
        if isinstance(batch, FrameBatch):
            self._write_frames(batch)
        else:
            self._write_rows(batch)
        if self.snapshot_id is None:
            self.conn.commit()

    def _start(self) -> None:
        if self.started or self.snapshot_id is None:
            return
        self.started = True
        self.conn.execute(partitions.truncate_statement(self.snapshot_id))

    def _write_rows(self, batch: Batch) -> None:
        with self.conn.cursor() as cursor:
            for table, rows in _tables(batch):
                if rows:
                    with cursor.copy(self.sql[table]) as copy:
                        block = copy_text(rows, INT_COLUMNS[table])
                        if block is not None:
                            copy.write(block)
                        else:
                            for row in rows:
                                copy.write_row(row)

    def _write_frames(self, batch: FrameBatch) -> None:
        """COPY in text form written by Polars (the server parses it ~15% faster than CSV, and
        faster than the binary form: 4 bytes of length per short string); a frame holding a tab,
        a line break or a carriage return goes as CSV, every string quoted, so "" is an empty
        string (never NULL) and no value needs escaping by hand."""
        with self.conn.cursor() as cursor:
            for table, frame in batch.tables():
                if frame.height:
                    block = frame_copy_text(frame)
                    if block is not None:
                        sql = self.sql[table]
                    else:
                        sql = self.csv_sql[table]
                        text = frame.write_csv(include_header=False, quote_style="non_numeric")
                        block = text.encode()
                    with cursor.copy(sql) as copy:
                        copy.write(block)

    def finish(self) -> None:
        """The snapshot's tables get their indexes and statistics and join their parents; commit."""
        if self.snapshot_id is None:
            return
        self._start()
        with self.conn.cursor() as cursor:
            for statement in partitions.finish_statements(self.snapshot_id):
                cursor.execute(statement)
        self.conn.commit()

    def close(self) -> None:
        self.raw.close()  # an unfinished load's transaction rolls back

    def _target(self, table: str) -> str:
        return table if self.snapshot_id is None else partitions.name(table, self.snapshot_id)


def copy_text(rows: list[tuple[object, ...]], ints: int) -> bytes | None:
    """``rows`` in COPY's text format, built with ``str.join`` (a quarter of ``write_row``'s cost).

    The first ``ints`` values of a row are integers, the rest strings. ``None`` when a value would
    need more than backslash escaping (a tab, a line break, a NULL): the caller then writes those
    rows one by one with ``write_row``, which escapes everything.
    """
    try:
        if ints == 2:
            lines = [f"{r[0]}\t{r[1]}\t" + "\t".join(r[2:]) for r in rows]  # type: ignore[arg-type]
        else:
            lines = [f"{r[0]}\t{r[1]}\t{r[2]}\t" + "\t".join(r[3:]) for r in rows]  # type: ignore[arg-type]
    except TypeError:  # a None (NULL) among the strings
        return None
    text = "\n".join(lines)
    width = len(rows[0])
    if text.count("\t") != len(rows) * (width - 1) or text.count("\n") != len(rows) - 1:
        return None
    if "\r" in text:
        return None
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    return (text + "\n").encode()


def frame_copy_text(frame: pl.DataFrame) -> bytes | None:
    """``frame`` in COPY's text format, or ``None`` when a value would need more than backslash
    escaping (``copy_text``'s rule, checked by counting separators in the bytes Polars wrote).
    Polars writes the bytes straight into a buffer: half the cost of a ``str`` then ``encode``."""
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False, separator="\t", quote_style="never")
    data = buffer.getvalue()
    rows, width = frame.height, frame.width
    if data.count(b"\t") != rows * (width - 1) or data.count(b"\n") != rows or b"\r" in data:
        return None
    return data.replace(b"\\", b"\\\\") if b"\\" in data else data


def loader_engine(settings: Settings) -> Engine:
    """An engine without the read-path statement time limit (deleting old rows takes a while)."""
    return make_engine(
        settings.model_copy(update={"statement_timeout_ms": LOAD_STATEMENT_TIMEOUT_MS})
    )


def make_bulk_writer(
    engine: Engine, arrow: bool = False, snapshot_id: int | None = None
) -> BulkWriter:
    """``arrow``: columnar batches into SQLite through ADBC (the helper process only, see
    ``arrow_sqlite``); PostgreSQL's ``COPY`` takes both kinds of batch, into ``snapshot_id``'s own
    tables when given (a load: ``PostgresWriter.finish`` attaches them), else into the parents."""
    if engine.dialect.name != "sqlite":
        return PostgresWriter(engine, snapshot_id)
    if arrow and engine.url.database:
        from vigie.registry.load.arrow_sqlite import ArrowSqliteWriter  # loads a second SQLite

        return ArrowSqliteWriter(engine.url.database)
    return SqliteWriter(engine)


def refresh_statistics(engine: Engine) -> None:
    """Let the planner know the tables just grew by millions of rows (before anyone queries them).

    PostgreSQL: nothing left to do, the writer analysed the new snapshot's tables before attaching
    them; analysing the parents would sample every snapshot's partitions again.
    """
    if engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA optimize")
