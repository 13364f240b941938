"""reports can be invalidated

Revision ID: 0011_report_invalidation
Revises: 0010_case_assignment
Create Date: 2026-12-01 23:45:00

A moderator may invalidate every report of a mass-flagging reporter: the report keeps its row
and evidence but counts for nothing (``reports.invalidation``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_report_invalidation"
down_revision = "0010_case_assignment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report", sa.Column("invalidated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    _drop_column("report", "invalidated_at")


def _drop_column(table: str, column: str) -> None:
    """SQLite drops a plain column in place; batch mode would copy the table, and copying a table
    that other tables' rows reference fails with foreign keys on."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    else:
        op.drop_column(table, column)
