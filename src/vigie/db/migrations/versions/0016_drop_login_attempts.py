"""drop the unread table of failed sign-ins

Revision ID: 0016_drop_login_attempts
Revises: 0015_registry_partitions
Create Date: 2026-12-02 07:50:00

Failed sign-ins are counted by the sliding rate counters since 0007 (``accounts.counters``);
``user_login_attempt`` has been written by nothing and read by nothing since then. Its rows (an
e-mail address or a client address with a time) are personal data kept for no purpose, so they
go with the table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_drop_login_attempts"
down_revision = "0015_registry_partitions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_login_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_user_login_attempt_key_at")
    op.drop_table("user_login_attempt")


def downgrade() -> None:
    op.create_table(
        "user_login_attempt",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_login_attempt")),
    )
    with op.batch_alter_table("user_login_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_user_login_attempt_key_at", ["key", "attempted_at"], unique=False)
