"""one-time account links

Revision ID: 0012_account_links
Revises: 0011_report_invalidation
Create Date: 2026-12-02 00:52:54

Links mailed to confirm a sign-up, reset a password or finish a challenged sign-in
(``accounts.links``): only the SHA-256 of each nonce is kept, with its expiry and use.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0012_account_links"
down_revision = "0011_report_invalidation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_link",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("client", sa.String(length=400), nullable=False),
        sa.Column("nonce_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("used_at", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_account_link_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_link")),
        sa.UniqueConstraint("nonce_sha256", name=op.f("uq_account_link_nonce_sha256")),
    )
    with op.batch_alter_table("account_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_link_email"), ["email"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("account_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_link_email"))

    op.drop_table("account_link")
