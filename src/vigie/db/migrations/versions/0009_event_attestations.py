"""what each case event attests: the case's state and the evidence hashes it added

Revision ID: 0009_event_attestations
Revises: 0008_mail_outbox
Create Date: 2026-12-01 23:05:00

One new table beside ``report_case_event``; the chain's hash covers its rows, so ``vigie audit
verify`` can compare the chain with the case rows, the evidence rows and the stored files. Events
written before it have no attestation and keep their hashes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_event_attestations"
down_revision = "0008_mail_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_case_event_attestation",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["report_case_event.id"],
            name=op.f("fk_report_case_event_attestation_event_id_report_case_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_report_case_event_attestation")),
    )


def downgrade() -> None:
    op.drop_table("report_case_event_attestation")
