"""PostgreSQL: the snapshot tables partitioned by snapshot

Revision ID: 0015_registry_partitions
Revises: 0014_report_lang
Create Date: 2026-12-02 07:10:00

On PostgreSQL, ``registry_practitioner``, ``registry_activity`` and ``registry_savoir_faire``
become parents partitioned by ``LIST (snapshot_id)``, with the same columns, primary keys and
unique index; each snapshot's rows move to partitions of their own in the schema
``registry_partitions`` (``<table>_<snapshot id>``), beside a ``<table>_default`` partition for
rows written through the parents. A load then fills a new snapshot's tables without indexes and
attaches them once indexed (``vigie.registry.load.partitions``), and dropping a snapshot drops its
tables. SQLite keeps its plain tables: nothing changes there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_registry_partitions"
down_revision = "0014_report_lang"
branch_labels = None
depends_on = None

SCHEMA = "registry_partitions"
PRIMARY_KEYS = {
    "registry_practitioner": "snapshot_id, person_key",
    "registry_activity": "snapshot_id, person_key, seq",
    "registry_savoir_faire": "snapshot_id, person_key, code",
}
IDENTIFIER_INDEX = "ix_registry_practitioner_identifier"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _keys(table: str) -> None:
    op.execute(f"ALTER TABLE {table} ADD CONSTRAINT pk_{table} PRIMARY KEY ({PRIMARY_KEYS[table]})")
    if table == "registry_practitioner":
        op.execute(f"CREATE UNIQUE INDEX {IDENTIFIER_INDEX} ON {table} (snapshot_id, identifier)")


def upgrade() -> None:
    if not _postgres():
        return
    op.execute(f"CREATE SCHEMA {SCHEMA}")
    for table in PRIMARY_KEYS:
        old = f"{table}_unpartitioned"
        op.execute(f"ALTER TABLE {table} RENAME TO {old}")
        op.execute(f"ALTER TABLE {old} RENAME CONSTRAINT pk_{table} TO pk_{old}")
        if table == "registry_practitioner":
            op.execute(f"ALTER INDEX {IDENTIFIER_INDEX} RENAME TO {IDENTIFIER_INDEX}_unpartitioned")
        op.execute(f"CREATE TABLE {table} (LIKE {old}) PARTITION BY LIST (snapshot_id)")
        _keys(table)
        op.execute(f"CREATE TABLE {SCHEMA}.{table}_default PARTITION OF {table} DEFAULT")
        snapshot_ids = op.get_bind().execute(
            sa.text(f"SELECT DISTINCT snapshot_id FROM {old} ORDER BY 1")  # noqa: S608
        )
        for (snapshot_id,) in snapshot_ids.all():
            op.execute(
                f"CREATE TABLE {SCHEMA}.{table}_{int(snapshot_id)} PARTITION OF {table}"
                f" FOR VALUES IN ({int(snapshot_id)})"
            )
        op.execute(f"INSERT INTO {table} SELECT * FROM {old}")  # noqa: S608
        op.execute(f"DROP TABLE {old}")


def downgrade() -> None:
    if not _postgres():
        return
    for table in PRIMARY_KEYS:
        plain = f"{table}_unpartitioned"
        op.execute(f"CREATE TABLE {plain} (LIKE {table})")
        op.execute(f"INSERT INTO {plain} SELECT * FROM {table}")  # noqa: S608
        op.execute(f"DROP TABLE {table}")  # and its partitions
        op.execute(f"ALTER TABLE {plain} RENAME TO {table}")
        _keys(table)
    op.execute(f"DROP SCHEMA {SCHEMA} CASCADE")  # tables of loads that never attached theirs
