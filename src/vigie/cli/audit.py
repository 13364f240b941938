"""``vigie audit``: check that the case history, the cases and the evidence were not tampered with."""

from __future__ import annotations

from typing import Annotated

import typer

from vigie.cli.common import err_console, load_settings
from vigie.cli.users import database
from vigie.reports.audit import contains_hash
from vigie.reports.audit_verify import StateCheck, verify_state
from vigie.reports.storage import storage_from_settings

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
    files: Annotated[
        bool,
        typer.Option(
            "--files",
            help="Also read every stored evidence original back and re-hash it (slower: run it "
            "periodically).",
        ),
    ] = False,
) -> None:
    """Recompute the hash chain of every case event and compare what it attests with the cases,
    the evidence rows and (--files) the stored files; exit 1 naming the first disagreement."""
    settings = load_settings()
    storage = storage_from_settings(settings) if files else None
    with database(settings) as factory, factory() as session:
        result = verify_state(session, storage)
        anchored = anchor is None or contains_hash(session, anchor.strip().lower())
    if result.ok and anchored:
        _report(result, files)
        return
    if not result.chain.ok:
        err_console.print(
            f"[red]Audit chain broken at event {result.chain.broken_event_id}[/red]: "
            f"{result.chain.reason} ({result.chain.checked} events before it hold).",
            soft_wrap=True,
        )
    elif result.disagreement is not None:
        err_console.print(
            f"[red]The database disagrees with the audit chain[/red]: "
            f"{result.disagreement.sentence()}.",
            soft_wrap=True,  # one line, whatever the terminal: scripts and alerts read it
        )
    else:
        err_console.print(
            f"[red]Audit chain truncated[/red]: the anchor {anchor} is no longer in it."
        )
    raise typer.Exit(1)


def _report(result: StateCheck, files: bool) -> None:
    line = f"State holds: {result.cases} cases and {result.evidence} evidence rows match the chain"
    if files:
        line += f"; {result.files} stored files re-hashed"
    if result.legacy_evidence:
        line += f" ({result.legacy_evidence} evidence rows predate attestations)"
    typer.echo(line + ".")
    # Last, so the head is the output's last word (operators keep it as the next --anchor).
    typer.echo(
        f"Audit chain holds: {result.chain.checked} events checked. Head: {result.chain.head}"
    )
