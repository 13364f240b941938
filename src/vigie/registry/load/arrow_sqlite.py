"""SQLite writes from Arrow columns (ADBC): a columnar batch inserted without a Python object per value.

``executemany`` turns every row into a tuple and binds each value through Python: at national
scale that was 14 CPU-seconds, the largest single cost of the helper process. The ADBC SQLite
driver binds a frame's Arrow buffers to a prepared ``INSERT`` in C, with the GIL released (the
index accumulates on the helper's other thread meanwhile): about a quarter of the CPU. Only the
low-level ``adbc_driver_manager`` API is used, fed by Polars' Arrow C stream, so pyarrow is not
needed.

The driver links its own copy of SQLite. Two SQLite libraries must never open the same file in
one process: POSIX locks belong to the process, so the first library closing its descriptor
would silently drop the second one's locks. This writer therefore runs only in the load's helper
process, which opens no other connection to the database; loads written inline (small files)
keep ``executemany``.

Transactions are explicit (``BEGIN`` / ``COMMIT`` on an autocommit connection): with the driver's
own transaction mode a batch could look written and never be committed (an early trial read
back 0 rows that way); ``tests/registry/test_sink.py`` reads the rows back through ``sqlite3``.
One transaction spans batches up to ``COMMIT_ROWS`` rows or ``COMMIT_BATCHES`` batches, whichever
comes first (with small batches, a load still commits as it goes: the crash tests kill a loader
whose rows are on disk), and ``finish`` commits the last one:
each commit writes every page it dirtied to the WAL (and the checkpoint copies them on), and the
identifier index's pages are dirtied again by every batch, so a commit per batch of 20,000 rows
cost ~3 CPU-seconds at national scale, one per ~150,000 rows ~2. The rows belong to a
``loading`` snapshot nobody reads, so nothing waits for them; another writer of the database
waits for a transaction (~1 s of writing) instead of a batch.
"""

from __future__ import annotations

from pathlib import Path

import adbc_driver_manager as adbc
import adbc_driver_sqlite

from vigie.errors import RegistryError
from vigie.registry.load.assemble import Batch
from vigie.registry.load.frames import FrameBatch

# The same connection settings as ``db.engine`` gives every SQLite connection.
_PRAGMAS = (
    "PRAGMA synchronous=NORMAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA cache_size=-65536",  # 64 MiB: holds the identifier index being filled
    "PRAGMA temp_store=MEMORY",
)
_APPEND = {"adbc.ingest.mode": "adbc.ingest.mode.append"}
COMMIT_ROWS = 150_000
COMMIT_BATCHES = 8  # ~150,000 rows in batches of the default 20,000


class ArrowSqliteWriter:
    """Writes ``FrameBatch`` es to the SQLite file at ``path``; ``finish`` commits the last ones.

    Rows not committed when ``close`` comes without ``finish`` (a failed load) are rolled back.
    """

    def __init__(self, path: str | Path, commit_rows: int = COMMIT_ROWS) -> None:
        self.database = adbc_driver_sqlite.connect(str(path))
        self.conn = adbc.AdbcConnection(self.database)  # autocommit: we say BEGIN and COMMIT
        self.commit_rows = commit_rows
        self.pending = 0  # rows written in the open transaction
        self.batches = 0  # and batches
        self.open = False
        for pragma in _PRAGMAS:
            self._run(pragma)

    def write(self, batch: Batch | FrameBatch) -> None:
        if not isinstance(batch, FrameBatch):
            raise RegistryError("the Arrow SQLite writer takes columnar batches only")
        if not self.open:
            self._run("BEGIN")
            self.open = True
        try:
            for table, frame in batch.tables():
                if frame.height:
                    self._ingest(table, frame.__arrow_c_stream__())
        except BaseException:
            self.open = False
            self._run("ROLLBACK")
            raise
        self.pending += len(batch)
        self.batches += 1
        if self.pending >= self.commit_rows or self.batches >= COMMIT_BATCHES:
            self.finish()

    def finish(self) -> None:
        """Commit what is written (the sink calls it once the last batch is in)."""
        if self.open:
            self.open = False
            self.pending = self.batches = 0
            self._run("COMMIT")

    def _ingest(self, table: str, stream: object) -> None:
        statement = adbc.AdbcStatement(self.conn)
        try:
            statement.set_options(**{"adbc.ingest.target_table": table, **_APPEND})
            statement.bind_stream(stream)
            statement.execute_update()
        finally:
            statement.close()

    def _run(self, sql: str) -> None:
        statement = adbc.AdbcStatement(self.conn)
        try:
            statement.set_sql_query(sql)
            statement.execute_update()
        finally:
            statement.close()

    def close(self) -> None:
        if self.open:  # not finished: the load failed
            self.open = False
            self._run("ROLLBACK")
        self.conn.close()
        self.database.close()
