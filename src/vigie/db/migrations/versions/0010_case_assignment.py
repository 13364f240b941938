"""case assignment and time in state

Revision ID: 0010_case_assignment
Revises: 0009_event_attestations
Create Date: 2026-12-01 23:30:00

A case can be assigned to a moderator (``assigned_to_id``, ``assigned_at``), and records when it
entered its current state (``status_since``), from which the queue's deadline per state counts.
Existing cases get the best time the rows already know: opened, first forwarded, closed, or last
updated for triaged cases.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from vigie.db.migration_ops import drop_column_in_place

revision = "0010_case_assignment"
down_revision = "0009_event_attestations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (no table copy: other tables' rows reference report_case). The assignee is a
    # plain id like the audit events' actor_id, so SQLite can drop it again in place.
    for column in ("status_since", "assigned_at"):
        op.add_column("report_case", sa.Column(column, sa.DateTime(timezone=True), nullable=True))
    op.add_column("report_case", sa.Column("assigned_to_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE report_case SET status_since = CASE status"
        " WHEN 'new' THEN created_at"
        " WHEN 'forwarded' THEN COALESCE(first_forwarded_at, updated_at)"
        " WHEN 'closed' THEN COALESCE(closed_at, updated_at)"
        " ELSE updated_at END"
    )


def downgrade() -> None:
    for column in ("assigned_at", "assigned_to_id", "status_since"):
        drop_column_in_place("report_case", column)
