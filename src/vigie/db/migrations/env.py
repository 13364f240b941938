"""Alembic environment: the engine is handed in by ``vigie.db.migrate``; batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from vigie.models import METADATA

engine: Engine = context.config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=METADATA,
        render_as_batch=engine.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
