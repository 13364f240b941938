"""case identifiers: numbers and accounts named in a case's texts

Revision ID: 0006_case_identifiers
Revises: 0005_dossier_exports
Create Date: 2026-12-01 22:13:41

One new table, nothing existing changed: each phone/WhatsApp number and account found in a case's
reports (and the reported account itself), with where it was found and its span. It is filled as
reports are filed; cases filed before this revision get theirs from
``vigie cases identifiers --rebuild`` (the extraction is Python code that later versions refine, so
a migration would freeze today's rules into the schema history).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0006_case_identifiers"
down_revision = "0005_dossier_exports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_identifier",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("handle", sa.String(length=100), nullable=False),
        sa.Column("match_key", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("excerpt", sa.String(length=200), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["report_account.id"],
            name=op.f("fk_case_identifier_account_id_report_account"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["report_case.id"], name=op.f("fk_case_identifier_case_id_report_case")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_case_identifier_report_id_report")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_identifier")),
    )
    with op.batch_alter_table("case_identifier", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_identifier_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_case_identifier_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_case_identifier_match_key", ["match_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_case_identifier_report_id"), ["report_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("case_identifier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_identifier_report_id"))
        batch_op.drop_index("ix_case_identifier_match_key")
        batch_op.drop_index(batch_op.f("ix_case_identifier_case_id"))
        batch_op.drop_index(batch_op.f("ix_case_identifier_account_id"))

    op.drop_table("case_identifier")
