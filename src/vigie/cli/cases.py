"""``vigie cases``: export a case's dossier for one destination; purge expired contact data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from vigie.cli.common import cli_errors, load_settings
from vigie.cli.users import database
from vigie.db.engine import transaction
from vigie.reports import dossier
from vigie.reports.retention import purge_contacts

app = typer.Typer(help="Cases: dossiers and retention.", no_args_is_help=True)


@app.command("export")
def export(
    case_id: int = typer.Argument(..., help="The case number."),
    to: str = typer.Option(..., "--to", help="ordre, ars, dgccrf, procureur, ansm or platform."),
    fmt: str = typer.Option("pdf", "--format", help="pdf or json."),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="File to write (default: stdout for json, vigie-dossier-CASE-DEST.pdf for pdf).",
        ),
    ] = None,
) -> None:
    """Write the dossier of CASE_ID for one destination (what it needs and no more)."""
    settings = load_settings()
    with cli_errors():
        if fmt not in ("pdf", "json"):
            raise typer.BadParameter("--format must be pdf or json")
        with database(settings) as factory, factory() as session:
            data = dossier.build_dossier(session, case_id, to, None)
        if fmt == "json":
            text = json.dumps(data.model_dump(mode="json"), ensure_ascii=False, indent=2)
            if output is None:
                typer.echo(text)
                return
            output.write_text(text + "\n", encoding="utf-8")
        else:
            target = output or Path(f"vigie-dossier-{case_id}-{data.dossier.destination}.pdf")
            target.write_bytes(dossier.render_pdf(data))
            output = target
        typer.echo(f"Wrote {output}", err=True)


@app.command("purge")
def purge() -> None:
    """Erase reporters' contact data of cases closed longer ago than the retention period."""
    settings = load_settings()
    with database(settings) as factory, transaction(factory) as session:
        count = purge_contacts(session, settings.report_retention_days)
    typer.echo(f"Erased contact data from {count} reports.")
