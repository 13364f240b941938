"""``vigie demo``: a ready-to-use local Vigie with a synthetic registry (what ``make run`` calls)."""

from __future__ import annotations

import typer
from rich.console import Console

from vigie.cli.common import cli_errors, load_settings, migrated_engine
from vigie.db.engine import make_session_factory
from vigie.registry import synth
from vigie.registry.demo import demo_registry_dir, ensure_demo_registry

console = Console()


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo(
    persons: int = typer.Option(20_000, min=20, help="Persons in the synthetic demo registry."),
    seed: int = typer.Option(synth.DEFAULT_SEED, help="Seed of the synthetic registry."),
) -> None:
    """Migrate, then generate and load a synthetic demo registry (skipped if already current)."""
    settings = load_settings()
    with cli_errors():
        engine = migrated_engine(settings)
        try:
            loaded = ensure_demo_registry(settings, make_session_factory(engine), persons, seed)
        finally:
            engine.dispose()
    where = demo_registry_dir(settings, persons, seed)
    if loaded is None:
        console.print(f"Demo registry already current ({where}).")
    else:
        console.print(
            f"Loaded demo registry {where}: snapshot {loaded.snapshot_id}, "
            f"{loaded.tally.persons:,} persons, {loaded.tally.activities:,} activities."
        )
