"""``vigie verify QUERY``: may this person inject me? A table for people, ``--json`` for machines."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table

from vigie.cli.common import cli_errors, err_console, load_settings, migrated_engine
from vigie.db.engine import make_session_factory
from vigie.registry.schemas_verify import Candidate, VerifyResult
from vigie.registry.verdict import format_date
from vigie.registry.verify import verify as verify_service

_STATUS = {
    "authorised": "[green]autorisé[/green]",
    "not_authorised": "[red]non autorisé[/red]",
    "to_verify": "[yellow]à vérifier[/yellow]",
    "in_training": "[yellow]en formation[/yellow]",
    "not_found": "[red]introuvable[/red]",
}


def register(app: typer.Typer) -> None:
    """Attach the top-level ``verify`` command."""
    app.command("verify")(verify)


def verify(
    query: str = typer.Argument(
        ..., help="A name ('Dr Élodie Bellamy Lyon') or an RPPS/ADELI number."
    ),
    city: str | None = typer.Option(
        None, help="Only practitioners with a place of practice in this city."
    ),
    postcode: str | None = typer.Option(None, help="Only this 5-digit postcode."),
    department: str | None = typer.Option(None, help="Only this department (69, 2A, 974)."),
    profession: str | None = typer.Option(None, help="Profession code (10) or name (médecin)."),
    limit: int = typer.Option(10, help="Most candidates shown."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON object."),
) -> None:
    """Check a practitioner against the public RPPS registry: candidates and a verdict per act."""
    settings = load_settings()
    engine = migrated_engine(settings)
    try:
        with cli_errors(), make_session_factory(engine)() as session:
            result = verify_service(
                session,
                settings,
                query,
                city=city,
                postcode=postcode,
                department=department,
                profession=profession,
                limit=limit,
            )
    finally:
        engine.dispose()
    if as_json:
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        _print(result)
    if result.identifier_check is not None and not result.identifier_check.valid:
        err_console.print(f"[red]Error:[/red] {result.identifier_check.reason}")
        raise typer.Exit(1)


def _print(result: VerifyResult) -> None:
    console = Console()
    source = f"Source : registre RPPS, extraction du {format_date(result.source_date)}"
    if not result.candidates:
        console.print(result.message or "Aucun résultat.")
        console.print(source)
        return
    table = Table(title=f"« {result.query} »", show_lines=True)
    for column in (
        "Nom",
        "Profession",
        "Lieux d'exercice",
        "Acide hyaluronique",
        "Toxine botulique",
        "Mésothérapie",
        "Score",
    ):
        table.add_column(column)
    for candidate in result.candidates:
        table.add_row(*_row(candidate))
    console.print(table)
    if result.message:
        console.print(result.message)
    console.print(
        "Une correspondance de nom n'est pas une preuve d'identité : demandez le numéro RPPS."
    )
    console.print(source)


def _row(candidate: Candidate) -> list[str]:
    skills = ", ".join(s.label for s in candidate.savoir_faire)
    places = ", ".join(sorted({f"{a.city} ({a.postcode})" for a in candidate.activities})) or "—"
    verdicts = candidate.verdicts
    return [
        f"{candidate.last_name} {candidate.first_name}\n{candidate.identifier_type} {candidate.identifier}",
        candidate.profession + (f"\n{skills}" if skills else ""),
        places,
        _STATUS[verdicts.ha_filler.status],
        _STATUS[verdicts.botulinum_toxin.status],
        _STATUS[verdicts.mesotherapy.status],
        f"{candidate.score:.2f}",
    ]
