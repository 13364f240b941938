"""moderators' mail: announcements made once, opt-outs, audited retries

Revision ID: 0013_moderator_mail
Revises: 0012_account_links
Create Date: 2026-12-02 01:15:00

Urgent-case alerts and daily digests are announced once (``mail_announcement``, keyed by what is
announced), moderators may opt out of either (``moderator_mail_preference``), and an admin's
retry of a given-up e-mail is recorded (``mail_outbox_retry``). See ``reports.moderator_mail``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0013_moderator_mail"
down_revision = "0012_account_links"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_announcement",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recipients", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_mail_announcement")),
    )
    with op.batch_alter_table("mail_announcement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_announcement_case_id"), ["case_id"], unique=False)
    op.create_table(
        "moderator_mail_preference",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_moderator_mail_preference_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_moderator_mail_preference")),
    )
    op.create_table(
        "mail_outbox_retry",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts_before", sa.Integer(), nullable=False),
        sa.Column("error_before", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["mail_outbox.id"],
            name=op.f("fk_mail_outbox_retry_message_id_mail_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox_retry")),
    )
    with op.batch_alter_table("mail_outbox_retry", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mail_outbox_retry_message_id"), ["message_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("mail_outbox_retry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_outbox_retry_message_id"))
    op.drop_table("mail_outbox_retry")
    op.drop_table("moderator_mail_preference")
    with op.batch_alter_table("mail_announcement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_announcement_case_id"))
    op.drop_table("mail_announcement")
