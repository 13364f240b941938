"""PostgreSQL: one partition per snapshot, filled without indexes and attached once complete.

On PostgreSQL the three snapshot tables are partitioned by ``snapshot_id`` (migration 0015). A load
creates three plain tables of its own, ``registry_partitions.<table>_<id>``, each with
``CHECK (snapshot_id = id)`` and no index, in the transaction that creates the ``loading``
snapshot row. The writer then fills them in one transaction (``bulk.PostgresWriter``):
``TRUNCATE`` (so that ``COPY ... FREEZE`` applies), ``COPY`` of every batch with no index to
maintain row by row (that was half the server's CPU), and once the last row is in, each table's
primary key and unique index built in one sort, its planner statistics, and ``ATTACH`` to its
parent, where the ``CHECK`` spares the scan that would prove the rows belong there. Readers query
the parents and only look at the current snapshot, so an attached partition stays unseen until
the switch.

Dropping a snapshot drops its tables (a catalog change, against a ``DELETE`` of millions of rows;
it holds the parent's exclusive lock for milliseconds). A load that died leaves empty tables, or
attached ones if it died between the writer's commit and the switch, under a ``loading``
snapshot that the next load's clean-up drops, along with any other table whose snapshot is not
complete (``existing``).

Rows written through the parents rather than by a load (test factories, demo data) land in the
``_default`` partitions, which the migration creates; dropping such a snapshot deletes its rows
there. The partitions live in their own schema so that ``public`` holds exactly the tables the
models declare.

SQLite keeps its three plain tables; nothing here runs there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import Connection, Engine, text

from vigie.registry.models import ROW_COLUMNS

SCHEMA = "registry_partitions"
TABLES = tuple(ROW_COLUMNS)
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "registry_practitioner": ("snapshot_id", "person_key"),
    "registry_activity": ("snapshot_id", "person_key", "seq"),
    "registry_savoir_faire": ("snapshot_id", "person_key", "code"),
}
# The parents' unique indexes besides the primary key: (name suffix, columns).
UNIQUE_INDEXES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "registry_practitioner": (("identifier", ("snapshot_id", "identifier")),),
}
# The columns queries filter, join or group on; the planner needs no statistics on the others, and
# sampling them was half of ``ANALYZE``'s time.
ANALYZED_COLUMNS: dict[str, tuple[str, ...]] = {
    "registry_practitioner": ("snapshot_id", "person_key", "identifier", "profession_code"),
    "registry_activity": ("snapshot_id", "person_key", "seq"),
    "registry_savoir_faire": ("snapshot_id", "person_key", "code"),
}
# Sorting 2 M index entries in memory rather than in temporary files (the server's memory, for the
# duration of one load's index builds).
INDEX_BUILD_MEMORY = "256MB"
_PARTITION_NAME = re.compile(r"^(registry_(?:practitioner|activity|savoir_faire))_(\d+)$")


def applies(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def name(table: str, snapshot_id: int) -> str:
    """``table``'s partition for ``snapshot_id``, schema-qualified (the id is an integer)."""
    return f"{SCHEMA}.{table}_{int(snapshot_id)}"


def create_statements(snapshot_id: int) -> list[str]:
    """The snapshot's three empty tables: the parents' columns, no index, autovacuum off while
    rows stream in (the load analyses them itself at the end)."""
    sid = int(snapshot_id)
    return [
        f"CREATE TABLE {name(table, sid)} (LIKE {table} INCLUDING DEFAULTS,"
        f" CONSTRAINT {table}_{sid}_snapshot CHECK (snapshot_id = {sid}))"
        " WITH (autovacuum_enabled = off)"
        for table in TABLES
    ]


def truncate_statement(snapshot_id: int) -> str:
    """Empties the (empty) tables, so that this transaction's ``COPY`` may freeze its rows."""
    return "TRUNCATE " + ", ".join(name(table, snapshot_id) for table in TABLES)


def finish_statements(snapshot_id: int) -> list[str]:
    """Indexes built in one sort each, statistics, autovacuum back on, attached to the parents.

    The primary key is a constraint and the unique index a plain index, as on the parents, so
    ``ATTACH`` adopts them instead of building its own.
    """
    sid = int(snapshot_id)
    statements = [f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'"]
    for table in TABLES:
        partition = name(table, sid)
        keys = ", ".join(PRIMARY_KEYS[table])
        statements.append(
            f"ALTER TABLE {partition} ADD CONSTRAINT {table}_{sid}_pkey PRIMARY KEY ({keys})"
        )
        for suffix, columns in UNIQUE_INDEXES.get(table, ()):
            statements.append(
                f"CREATE UNIQUE INDEX {table}_{sid}_{suffix} ON {partition} ({', '.join(columns)})"
            )
    statements.append(
        "ANALYZE "
        + ", ".join(
            f"{name(table, sid)} ({', '.join(ANALYZED_COLUMNS[table])})" for table in TABLES
        )
    )
    for table in TABLES:
        partition = name(table, sid)
        statements.append(f"ALTER TABLE {partition} RESET (autovacuum_enabled)")
        statements.append(f"ALTER TABLE {table} ATTACH PARTITION {partition} FOR VALUES IN ({sid})")
    return statements


def drop_statements(snapshot_ids: Iterable[int]) -> list[str]:
    """Drop the snapshots' tables, attached or not (``IF EXISTS``: a load may have died before
    creating them, or a rows-through-the-parent snapshot never had any)."""
    return [f"DROP TABLE IF EXISTS {name(table, sid)}" for sid in snapshot_ids for table in TABLES]


def existing(conn: Connection) -> dict[int, list[str]]:
    """The snapshot partitions present (default partitions aside), by snapshot id."""
    found: dict[int, list[str]] = {}
    rows = conn.execute(
        text("SELECT tablename FROM pg_tables WHERE schemaname = :schema"), {"schema": SCHEMA}
    )
    for (table_name,) in rows:
        match = _PARTITION_NAME.match(table_name)
        if match:
            found.setdefault(int(match.group(2)), []).append(match.group(1))
    return found
