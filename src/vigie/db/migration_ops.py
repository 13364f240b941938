"""Schema operations the migrations share, where SQLite and PostgreSQL need different SQL."""

from __future__ import annotations

from alembic import op


def drop_column_in_place(table: str, column: str) -> None:
    """SQLite drops a plain column in place; Alembic's batch mode would copy the table, and
    copying a table that other tables' rows reference fails with foreign keys on."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)
