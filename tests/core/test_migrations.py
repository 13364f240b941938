"""Models and migrations agree, and the schema goes up and down on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from vigie.db.migrate import downgrade, upgrade
from vigie.models import METADATA


def test_models_match_migrations(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), METADATA)
    assert diff == []


def test_downgrade_to_base_and_up_again(engine: Engine) -> None:
    downgrade(engine, "base")
    assert "registry_snapshot" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert "registry_snapshot" in inspect(engine).get_table_names()
