"""What every command needs: settings, a migrated database, and errors printed as a clear line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from sqlalchemy import Engine

from vigie.config import Settings
from vigie.db.engine import make_engine
from vigie.db.migrate import upgrade
from vigie.errors import VigieError

err_console = Console(stderr=True)


def load_settings() -> Settings:
    try:
        return Settings()
    except ValueError as exc:
        err_console.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def migrated_engine(settings: Settings) -> Engine:
    """The configured database, brought to the latest schema (cheap when already there)."""
    engine = make_engine(settings)
    upgrade(engine)
    return engine


@contextmanager
def cli_errors() -> Iterator[None]:
    """Print a known Vigie error as one line (plus details) and exit 1 instead of a traceback."""
    try:
        yield
    except VigieError as exc:
        err_console.print(f"[red]Error:[/red] {exc.message}")
        for key, value in exc.details.items():
            err_console.print(f"  {key}: {value}")
        raise typer.Exit(1) from exc
