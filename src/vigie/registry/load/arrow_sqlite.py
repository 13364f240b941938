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


class ArrowSqliteWriter:
    """Writes ``FrameBatch`` es to the SQLite file at ``path``, one transaction per batch."""

    def __init__(self, path: str | Path) -> None:
        self.database = adbc_driver_sqlite.connect(str(path))
        self.conn = adbc.AdbcConnection(self.database)  # autocommit: we say BEGIN and COMMIT
        for pragma in _PRAGMAS:
            self._run(pragma)

    def write(self, batch: Batch | FrameBatch) -> None:
        if not isinstance(batch, FrameBatch):
            raise RegistryError("the Arrow SQLite writer takes columnar batches only")
        self._run("BEGIN")
        try:
            for table, frame in batch.tables():
                if frame.height:
                    self._ingest(table, frame.__arrow_c_stream__())
        except BaseException:
            self._run("ROLLBACK")
            raise
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
        self.conn.close()
        self.database.close()
