"""linked handles become claims

Revision ID: 0004_handle_claims
Revises: 0003_facebook_id_keys
Create Date: 2026-12-01 22:40:00

A linked handle used to be a fact, with one owner per account: the first user to link an account
blocked its real owner (409). It is now a claim (pending, confirmed or rejected by a moderator),
several users may claim one account, and a partial unique index keeps at most one confirmed claim
per account. Existing links were never checked by anybody, so they become pending claims, each with
a fresh one-time code.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0004_handle_claims"
down_revision = "0003_facebook_id_keys"
branch_labels = None
depends_on = None

CONFIRMED = sa.text("status = 'confirmed'")


def upgrade() -> None:
    with op.batch_alter_table("user_linked_handle", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="pending")
        )
        batch_op.add_column(
            sa.Column("code", sa.String(length=16), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("evidence_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("evidence_media_type", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("decided_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f("uq_user_linked_handle_account"), type_="unique")
        batch_op.create_index("ix_user_linked_handle_account", ["platform", "handle"])
        batch_op.create_unique_constraint(
            "uq_user_linked_handle_claim", ["user_id", "platform", "handle"]
        )
        batch_op.create_index(
            "uq_user_linked_handle_confirmed",
            ["platform", "handle"],
            unique=True,
            sqlite_where=CONFIRMED,
            postgresql_where=CONFIRMED,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_user_linked_handle_decided_by_user_account"),
            "user_account",
            ["decided_by"],
            ["id"],
            ondelete="SET NULL",
        )
    bind = op.get_bind()
    for (row_id,) in bind.execute(sa.text("SELECT id FROM user_linked_handle")).all():
        bind.execute(
            sa.text("UPDATE user_linked_handle SET code = :code WHERE id = :id"),
            {"code": "VIGIE-" + secrets.token_hex(3).upper(), "id": row_id},
        )
    with op.batch_alter_table("user_linked_handle", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)
        batch_op.alter_column("code", server_default=None)


def downgrade() -> None:
    """Back to one owner per account: only the confirmed claim, else the oldest, is kept."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, platform, handle, status FROM user_linked_handle ORDER BY id")
    ).all()
    keep: dict[tuple[str, str], int] = {}
    for row_id, platform, handle, status in rows:
        if (platform, handle) not in keep or status == "confirmed":
            keep[(platform, handle)] = row_id
    kept = set(keep.values())
    for row_id, *_rest in rows:
        if row_id not in kept:
            bind.execute(sa.text("DELETE FROM user_linked_handle WHERE id = :id"), {"id": row_id})
    with op.batch_alter_table("user_linked_handle", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_user_linked_handle_decided_by_user_account"), type_="foreignkey"
        )
        batch_op.drop_index(
            "uq_user_linked_handle_confirmed", sqlite_where=CONFIRMED, postgresql_where=CONFIRMED
        )
        batch_op.drop_constraint("uq_user_linked_handle_claim", type_="unique")
        batch_op.drop_index("ix_user_linked_handle_account")
        batch_op.create_unique_constraint(
            batch_op.f("uq_user_linked_handle_account"), ["platform", "handle"]
        )
        for column in (
            "decided_at",
            "decided_by",
            "evidence_media_type",
            "evidence_sha256",
            "code",
            "status",
        ):
            batch_op.drop_column(column)
