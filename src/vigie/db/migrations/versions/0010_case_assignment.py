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

revision = "0010_case_assignment"
down_revision = "0009_event_attestations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_report_case_assigned_to_id_user_account"),
            "user_account",
            ["assigned_to_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.execute(
        "UPDATE report_case SET status_since = CASE status"
        " WHEN 'new' THEN created_at"
        " WHEN 'forwarded' THEN COALESCE(first_forwarded_at, updated_at)"
        " WHEN 'closed' THEN COALESCE(closed_at, updated_at)"
        " ELSE updated_at END"
    )


def downgrade() -> None:
    with op.batch_alter_table("report_case", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_report_case_assigned_to_id_user_account"), type_="foreignkey"
        )
        batch_op.drop_column("assigned_at")
        batch_op.drop_column("assigned_to_id")
        batch_op.drop_column("status_since")
