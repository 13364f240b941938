"""reports remember the language they were filed in

Revision ID: 0014_report_lang
Revises: 0013_moderator_mail
Create Date: 2026-12-02 04:31:06

A report filed from the English site is told about its case in English (``reports.notifications``);
reports filed before this revision were all filed in French.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_report_lang"
down_revision = "0013_moderator_mail"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lang", sa.String(length=5), server_default="fr", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_column("lang")
