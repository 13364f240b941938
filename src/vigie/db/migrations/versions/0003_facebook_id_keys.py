"""facebook numeric ids stored as id:<digits>

Revision ID: 0003_facebook_id_keys
Revises: 0002_accounts_reports
Create Date: 2026-12-01 23:30:00

Before ``vigie.social``, ``facebook.com/<digits>`` and ``@<digits>`` were stored as bare digits
while ``profile.php?id=<digits>`` gave ``id:<digits>``: two keys for one person. The parser now
gives ``id:<digits>`` for all three, so bare-digit rows are rewritten to it, or new reports would
open a second case. A bare-digit row whose ``id:`` twin already exists is left as it is (the two
cases are for a moderator to merge; rewriting would break the unique key).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_facebook_id_keys"
down_revision = "0002_accounts_reports"
branch_labels = None
depends_on = None

TABLES = ("report_account", "user_linked_handle")


def _prefix_bare_ids(table: str) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(f"SELECT id, handle FROM {table} WHERE platform = 'facebook'")  # noqa: S608
    ).all()
    taken = {handle for _id, handle in rows}
    for row_id, handle in rows:
        new = f"id:{handle}"
        if not handle.isdigit() or new in taken:
            continue
        bind.execute(
            sa.text(f"UPDATE {table} SET handle = :new WHERE id = :id"),  # noqa: S608
            {"new": new, "id": row_id},
        )
        taken.add(new)


def upgrade() -> None:
    for table in TABLES:
        _prefix_bare_ids(table)


def downgrade() -> None:
    """Nothing to undo: the older code already read ``id:<digits>`` (from ``profile.php?id=``)."""
