"""``vigie db``: schema migrations."""

from __future__ import annotations

import typer

from vigie.cli.common import load_settings
from vigie.db.engine import make_engine
from vigie.db.migrate import upgrade

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_command() -> None:
    """Create or migrate the database schema to the latest version."""
    settings = load_settings()
    upgrade(make_engine(settings))
    typer.echo("Database is up to date.")
