"""Bulk writers for a snapshot's rows: SQLite ``executemany`` and PostgreSQL ``COPY``.

The ORM costs ~20x more per row than the driver, so the load talks to the driver directly through
one raw connection. Each batch is its own transaction: the rows carry a snapshot id that readers do
not look at until the switch, so committing early costs nothing in consistency and lets a crashed
load be cleaned up by id.
"""

from __future__ import annotations

import queue
import threading
from typing import Any, Protocol, cast

from sqlalchemy import Engine

from vigie.registry.assemble import Batch

TABLES: dict[str, tuple[str, ...]] = {
    "registry_practitioner": (
        "snapshot_id",
        "person_key",
        "identifier_type",
        "identifier",
        "national_id",
        "title_code",
        "civility_code",
        "last_name",
        "first_name",
        "profession_code",
        "profession_label",
        "category_code",
        "category_label",
    ),
    "registry_activity": (
        "snapshot_id",
        "person_key",
        "seq",
        "mode_code",
        "site_name",
        "sign_name",
        "siret",
        "finess",
        "postcode",
        "city",
        "commune_code",
        "phone",
        "sector_code",
        "role_code",
        "address",
        "department",
    ),
    "registry_savoir_faire": (
        "snapshot_id",
        "person_key",
        "code",
        "type_code",
        "type_label",
        "label",
    ),
}


def _tables(batch: Batch) -> list[tuple[str, list[tuple[object, ...]]]]:
    return [
        ("registry_practitioner", batch.practitioners),
        ("registry_activity", batch.activities),
        ("registry_savoir_faire", batch.savoir_faire),
    ]


class BulkWriter(Protocol):
    def write(self, batch: Batch) -> None: ...

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
            for table, cols in TABLES.items()
        }

    def write(self, batch: Batch) -> None:
        for table, rows in _tables(batch):
            if rows:
                self.conn.executemany(self.sql[table], rows)
        self.conn.commit()

    def close(self) -> None:
        self.raw.close()


class PostgresWriter:
    def __init__(self, engine: Engine) -> None:
        self.raw = engine.raw_connection()
        self.conn = cast(Any, self.raw.driver_connection)
        self.conn.execute("SET statement_timeout = 0")
        self.conn.commit()
        self.sql = {
            table: f"COPY {table} ({', '.join(cols)}) FROM STDIN" for table, cols in TABLES.items()
        }

    def write(self, batch: Batch) -> None:
        with self.conn.cursor() as cursor:
            for table, rows in _tables(batch):
                if rows:
                    with cursor.copy(self.sql[table]) as copy:
                        for row in rows:
                            copy.write_row(row)
        self.conn.commit()

    def close(self) -> None:
        self.raw.close()


def refresh_statistics(engine: Engine) -> None:
    """Let the planner know the tables just grew by millions of rows (before anyone queries them)."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA optimize")
        else:
            conn.exec_driver_sql("ANALYZE " + ", ".join(TABLES))


class ThreadedWriter:
    """Writes batches on a background thread while the caller parses the next ones.

    Both drivers release the GIL while the database works (``sqlite3_step``, socket writes), so
    parsing and writing overlap on two cores. The queue holds at most two batches (flat memory);
    an error in the thread is raised in the caller at its next ``write`` or at ``close``.
    """

    def __init__(self, inner: BulkWriter) -> None:
        self.inner = inner
        self.queue: queue.Queue[Batch | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="registry-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (batch := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.inner.write(batch)
                except BaseException as exc:  # handed to the caller thread
                    self.error = exc

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def write(self, batch: Batch) -> None:
        self._raise()
        self.queue.put(batch)

    def drain(self) -> None:
        """Wait until every queued batch is written; raise the writer's error if any."""
        self.queue.put(None)
        self.thread.join()
        self._raise()

    def close(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self.inner.close()


def make_writer(engine: Engine) -> ThreadedWriter:
    inner: BulkWriter = (
        SqliteWriter(engine) if engine.dialect.name == "sqlite" else PostgresWriter(engine)
    )
    return ThreadedWriter(inner)
