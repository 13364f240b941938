"""Autogenerate an Alembic revision from the models against a scratch SQLite database.

Usage: python scripts/new_migration.py "message" REV_ID
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from vigie.db.migrate import alembic_config, upgrade


def main() -> None:
    message, rev_id = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'scratch.sqlite3'}")
        upgrade(engine)
        command.revision(alembic_config(engine), message=message, autogenerate=True, rev_id=rev_id)


if __name__ == "__main__":
    main()
