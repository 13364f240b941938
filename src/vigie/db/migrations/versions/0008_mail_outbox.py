"""mail outbox and reporters' opt-in

Revision ID: 0008_mail_outbox
Revises: 0007_hardening
Create Date: 2026-12-01 22:43:26.703946

E-mails to reporters leave through a durable outbox (``reports.outbox``), and a report records
whether its reporter asked for them (``notify``; existing reports did not, so false).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from vigie.db.migration_ops import drop_column_in_place


revision = "0008_mail_outbox"
down_revision = "0007_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("to_address", sa.String(length=254), nullable=False),
        sa.Column("template", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("gave_up", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_mail_outbox_dedupe_key")),
    )
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mail_outbox_next_attempt_at"), ["next_attempt_at"], unique=False
        )

    # Added in place (no table copy: evidence rows reference report); the server default stays,
    # it is what existing rows mean.
    op.add_column(
        "report", sa.Column("notify", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    drop_column_in_place("report", "notify")

    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_outbox_next_attempt_at"))

    op.drop_table("mail_outbox")
