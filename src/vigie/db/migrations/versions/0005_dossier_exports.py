"""dossier evidence timestamps and exports

Revision ID: 0005_dossier_exports
Revises: 0004_handle_claims
Create Date: 2026-12-01 22:11:29.530107

Two new tables, nothing existing changed: RFC 3161 timestamp tokens of evidence files (a row is
written pending before the TSA is asked, so a failure is retried, never lost) and the append-only
log of exported dossiers (their fingerprint and addressee), from which transmission records are read.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0005_dossier_exports"
down_revision = "0004_handle_claims"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_dossier_export",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("destination", sa.String(length=16), nullable=False),
        sa.Column("addressee", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["report_case.id"],
            name=op.f("fk_report_dossier_export_case_id_report_case"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_dossier_export")),
    )
    with op.batch_alter_table("report_dossier_export", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_dossier_export_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "report_evidence_timestamp",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("tsa", sa.String(length=300), nullable=False),
        sa.Column("token", sa.LargeBinary(), nullable=True),
        sa.Column("gen_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["report_evidence.id"],
            name=op.f("fk_report_evidence_timestamp_evidence_id_report_evidence"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_evidence_timestamp")),
        sa.UniqueConstraint("evidence_id", name=op.f("uq_report_evidence_timestamp_evidence_id")),
    )
    with op.batch_alter_table("report_evidence_timestamp", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_evidence_timestamp_status"), ["status"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("report_evidence_timestamp", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_evidence_timestamp_status"))

    op.drop_table("report_evidence_timestamp")
    with op.batch_alter_table("report_dossier_export", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_dossier_export_case_id"))

    op.drop_table("report_dossier_export")
