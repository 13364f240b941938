"""``vigie audit``: check that the case history has not been tampered with."""

from __future__ import annotations

import typer

from vigie.cli.common import err_console, load_settings
from vigie.cli.users import database
from vigie.reports.audit import verify_chain

app = typer.Typer(help="Audit trail of cases.", no_args_is_help=True)


@app.command("verify")
def verify() -> None:
    """Recompute the hash chain of every case event; exit 1 naming the first broken event."""
    settings = load_settings()
    with database(settings) as factory, factory() as session:
        result = verify_chain(session)
    if result.ok:
        typer.echo(f"Audit chain holds: {result.checked} events checked.")
        return
    err_console.print(
        f"[red]Audit chain broken at event {result.broken_event_id}[/red]: {result.reason} "
        f"({result.checked} events before it hold)."
    )
    raise typer.Exit(1)
