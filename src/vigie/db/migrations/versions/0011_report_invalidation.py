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

from vigie.db.migration_ops import drop_column_in_place

revision = "0011_report_invalidation"
down_revision = "0010_case_assignment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report", sa.Column("invalidated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    drop_column_in_place("report", "invalidated_at")
