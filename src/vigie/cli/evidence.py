"""``vigie evidence``: re-check an evidence file's RFC 3161 token; retry pending timestamps; sweep
files no report references."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from vigie.cli.common import cli_errors, err_console, load_settings
from vigie.cli.users import database
from vigie.reports.evidence_sweep import sweep_unreferenced
from vigie.reports.evidence_verify import Verdict, verify_evidence
from vigie.reports.storage import LocalDirectoryStorage, storage_from_settings
from vigie.reports.timestamps import retry_pending

app = typer.Typer(help="Evidence: trusted timestamps (RFC 3161).", no_args_is_help=True)


@app.command("verify")
def verify(
    evidence_id: int = typer.Argument(..., help="The evidence number."),
    ca_file: Annotated[
        Path | None,
        typer.Option("--ca-file", help="CA of the TSA (default: VIGIE_TSA_CA_FILE)."),
    ] = None,
) -> None:
    """Check the stored token against the stored file: exit 0 when it matches, 1 naming what is
    wrong, 2 when the evidence has no token."""
    settings = load_settings()
    with cli_errors(), database(settings) as factory, factory() as session:
        result = verify_evidence(
            session, storage_from_settings(settings), evidence_id, ca_file or settings.tsa_ca_file
        )
    if result.verdict is Verdict.OK:
        typer.echo(result.message)
        return
    err_console.print(result.message)
    raise typer.Exit(2 if result.verdict is Verdict.NO_TOKEN else 1)


@app.command("timestamp")
def timestamp(
    pending: bool = typer.Option(
        False, "--pending", help="Ask the TSA again for every timestamp still pending."
    ),
) -> None:
    """Ask the TSA (VIGIE_TSA_URL) for the tokens still pending."""
    settings = load_settings()
    if not pending:
        raise typer.BadParameter("say --pending (the only mode for now)")
    if not settings.tsa_url:
        err_console.print("VIGIE_TSA_URL is not set: no TSA to ask.")
        raise typer.Exit(1)
    with database(settings) as factory:
        done, left = retry_pending(factory, settings)
    typer.echo(f"Timestamped {done} evidence file(s); {left} still pending.")
    if left:
        raise typer.Exit(1)


@app.command("sweep")
def sweep(
    older_than_days: float = typer.Option(
        2.0, "--older-than-days", min=1.0, help="Only files last stored longer ago than this."
    ),
) -> None:
    """Delete evidence files that no report references (left by report forms never sent),
    once they are older than --older-than-days; run it daily, e.g. from cron."""
    settings = load_settings()
    storage = storage_from_settings(settings)
    if not isinstance(storage, LocalDirectoryStorage):  # pragma: no cover (one storage today)
        raise typer.BadParameter("only the local evidence directory can be swept")
    with cli_errors(), database(settings) as factory, factory() as session:
        done = sweep_unreferenced(session, storage, dt.timedelta(days=older_than_days))
    typer.echo(
        f"Deleted {done.deleted} unreferenced evidence file(s) ({done.freed_bytes} bytes); "
        f"{done.kept_recent} more are unreferenced but recent, kept."
    )
