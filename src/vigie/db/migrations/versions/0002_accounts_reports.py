"""accounts and reports

Revision ID: 0002_accounts_reports
Revises: 0001_registry
Create Date: 2026-11-23 13:25:04.134436
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0002_accounts_reports"
down_revision = "0001_registry"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "report_case",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(length=3), nullable=False),
        sa.Column("risk_score", sa.Float(), nullable=True),
        sa.Column("risk_band", sa.String(length=8), nullable=True),
        sa.Column("scan_result", sa.JSON(), nullable=True),
        sa.Column("registry_check", sa.JSON(), nullable=True),
        sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_forwarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["report_case.id"],
            name=op.f("fk_report_case_merged_into_id_report_case"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_case")),
    )
    with op.batch_alter_table("report_case", schema=None) as batch_op:
        batch_op.create_index("ix_report_case_status_risk", ["status", "risk_score"], unique=False)

    op.create_table(
        "report_case_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_case_event")),
        sa.UniqueConstraint("prev_hash", name=op.f("uq_report_case_event_prev_hash")),
    )
    with op.batch_alter_table("report_case_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_case_event_case_id"), ["case_id"], unique=False)

    op.create_table(
        "user_account",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rpps", sa.String(length=11), nullable=True),
        sa.Column("rpps_status", sa.String(length=16), nullable=False),
        sa.Column("rpps_confirmed_by", sa.Integer(), nullable=True),
        sa.Column("rpps_confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["rpps_confirmed_by"],
            ["user_account.id"],
            name=op.f("fk_user_account_rpps_confirmed_by_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )
    op.create_table(
        "user_login_attempt",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_login_attempt")),
    )
    with op.batch_alter_table("user_login_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_user_login_attempt_key_at", ["key", "attempted_at"], unique=False)

    op.create_table(
        "report_account",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("handle", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["report_case.id"], name=op.f("fk_report_account_case_id_report_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_account")),
        sa.UniqueConstraint("platform", "handle", name="uq_report_account_handle"),
    )
    with op.batch_alter_table("report_account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_account_case_id"), ["case_id"], unique=False)

    op.create_table(
        "report_case_forward",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("destination", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("forwarded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user_account.id"],
            name=op.f("fk_report_case_forward_actor_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["report_case.id"], name=op.f("fk_report_case_forward_case_id_report_case")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_case_forward")),
    )
    with op.batch_alter_table("report_case_forward", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_case_forward_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "user_api_token",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_api_token_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_api_token")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_user_api_token_token_sha256")),
    )
    op.create_table(
        "user_linked_handle",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("handle", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_linked_handle_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_linked_handle")),
        sa.UniqueConstraint("platform", "handle", name="uq_user_linked_handle_account"),
    )
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("tracking_code", sa.String(length=32), nullable=False),
        sa.Column("account_input", sa.String(length=500), nullable=False),
        sa.Column("acts", sa.JSON(), nullable=False),
        sa.Column("products", sa.String(length=500), nullable=False),
        sa.Column("price", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=3), nullable=False),
        sa.Column("offered_on", sa.String(length=40), nullable=False),
        sa.Column("harmed", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("post_texts", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("reporter_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["report_account.id"], name=op.f("fk_report_account_id_report_account")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["report_case.id"], name=op.f("fk_report_case_id_report_case")
        ),
        sa.ForeignKeyConstraint(
            ["reporter_user_id"],
            ["user_account.id"],
            name=op.f("fk_report_reporter_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sa.UniqueConstraint("tracking_code", name=op.f("uq_report_tracking_code")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_created_at"), ["created_at"], unique=False)

    op.create_table(
        "report_evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=40), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("has_preview", sa.Boolean(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_report_evidence_report_id_report")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_evidence")),
    )
    with op.batch_alter_table("report_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_evidence_report_id"), ["report_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_report_evidence_sha256"), ["sha256"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("report_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_evidence_sha256"))
        batch_op.drop_index(batch_op.f("ix_report_evidence_report_id"))

    op.drop_table("report_evidence")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_created_at"))
        batch_op.drop_index(batch_op.f("ix_report_case_id"))
        batch_op.drop_index(batch_op.f("ix_report_account_id"))

    op.drop_table("report")
    op.drop_table("user_linked_handle")
    op.drop_table("user_api_token")
    with op.batch_alter_table("report_case_forward", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_case_forward_case_id"))

    op.drop_table("report_case_forward")
    with op.batch_alter_table("report_account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_account_case_id"))

    op.drop_table("report_account")
    with op.batch_alter_table("user_login_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_user_login_attempt_key_at")

    op.drop_table("user_login_attempt")
    op.drop_table("user_account")
    with op.batch_alter_table("report_case_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_case_event_case_id"))

    op.drop_table("report_case_event")
    with op.batch_alter_table("report_case", schema=None) as batch_op:
        batch_op.drop_index("ix_report_case_status_risk")

    op.drop_table("report_case")
