"""``vigie cases``: export a case's dossier for one destination; purge expired contact data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vigie.cli.common import cli_errors, load_settings
from vigie.cli.users import database
from vigie.db.engine import transaction
from vigie.reports import identifiers as case_identifiers
from vigie.reports.dossier_export import FORMATS, export_dossier
from vigie.reports.dossier_zip import chunks
from vigie.reports.retention import purge_contacts

app = typer.Typer(help="Cases: dossiers and retention.", no_args_is_help=True)


@app.command("export")
def export(
    case_id: int = typer.Argument(..., help="The case number."),
    to: str = typer.Option(..., "--to", help="ordre, ars, dgccrf, procureur, ansm or platform."),
    fmt: str = typer.Option(
        "pdf", "--format", help="pdf, json or zip (PDF, JSON, evidence files and a manifest)."
    ),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="File to write (default: stdout for json, vigie-dossier-CASE-DEST.pdf|zip).",
        ),
    ] = None,
) -> None:
    """Write the dossier of CASE_ID for one destination (what it needs and no more). Refuses,
    naming the annex, when an evidence file changed since it was received."""
    settings = load_settings()
    with cli_errors():
        if fmt not in FORMATS:
            raise typer.BadParameter("--format must be pdf, json or zip")
        with database(settings) as factory:
            done = export_dossier(factory, settings, case_id, to, fmt, None)
        if fmt == "json" and output is None:
            typer.echo(done.body.decode("utf-8"), nl=False)
            return
        target = output or Path(done.file_name)
        if done.stream is not None:
            with target.open("wb") as handle:
                for block in chunks(done.stream):
                    handle.write(block)
        else:
            target.write_bytes(done.body)
        typer.echo(f"Wrote {target} (dossier SHA-256 {done.dossier.dossier.fingerprint})", err=True)


@app.command("purge")
def purge() -> None:
    """Erase reporters' contact data of cases closed longer ago than the retention period."""
    settings = load_settings()
    with database(settings) as factory, transaction(factory) as session:
        count = purge_contacts(session, settings.report_retention_days)
    typer.echo(f"Erased contact data from {count} reports.")


@app.command("identifiers")
def identifiers(
    rebuild: bool = typer.Option(
        False, "--rebuild", help="Recompute every case's identifiers from its reports."
    ),
) -> None:
    """Numbers and accounts named in cases' reports (merge proposals); --rebuild backfills them."""
    settings = load_settings()
    with database(settings) as factory, transaction(factory) as session:
        if rebuild:
            reports, rows = case_identifiers.rebuild(session)
            typer.echo(f"Read {reports} reports: {rows} identifiers recorded.")
        else:
            rows, cases = case_identifiers.counts(session)
            typer.echo(f"{rows} identifiers recorded over {cases} cases.")
