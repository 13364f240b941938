"""``vigie audit``: check that the case history has not been tampered with."""

from __future__ import annotations

from typing import Annotated

import typer

from vigie.cli.common import err_console, load_settings
from vigie.cli.users import database
from vigie.reports.audit import contains_hash, verify_chain

app = typer.Typer(help="Audit trail of cases.", no_args_is_help=True)


@app.command("verify")
def verify(
    anchor: Annotated[
        str | None,
        typer.Option(
            "--anchor",
            help="A head hash printed by an earlier run: fail if it is no longer in the chain "
            "(catches deletion of the latest events).",
        ),
    ] = None,
) -> None:
    """Recompute the hash chain of every case event; exit 1 naming the first broken event."""
    settings = load_settings()
    with database(settings) as factory, factory() as session:
        result = verify_chain(session)
        anchored = anchor is None or contains_hash(session, anchor.strip().lower())
    if result.ok and anchored:
        typer.echo(f"Audit chain holds: {result.checked} events checked. Head: {result.head}")
        return
    if result.ok:
        err_console.print(
            f"[red]Audit chain truncated[/red]: the anchor {anchor} is no longer in it."
        )
        raise typer.Exit(1)
    err_console.print(
        f"[red]Audit chain broken at event {result.broken_event_id}[/red]: {result.reason} "
        f"({result.checked} events before it hold)."
    )
    raise typer.Exit(1)
