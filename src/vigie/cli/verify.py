"""``vigie verify QUERY``: may this person inject me? A table for people, ``--json`` for machines."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from vigie.cli.common import cli_errors, err_console, load_settings, migrated_engine
from vigie.db.engine import make_session_factory
from vigie.registry.schemas_verify import Candidate, VerifyResult
from vigie.registry.verdict import format_date
from vigie.registry.verify import verify as verify_service

WIDE = 120  # columns from which the table fits without folding names; below, stacked blocks
_ACT_COLUMNS = ("Acide hyaluronique", "Toxine botulique", "Mésothérapie")
_ICONS = {
    "authorised": ("✓", "green"),
    "not_authorised": ("✕", "red"),
    "to_verify": ("!", "yellow"),
    "in_training": ("…", "yellow"),
    "not_found": ("?", "red"),
}
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
    if console.width >= WIDE:
        console.print(_table(result))
    else:
        console.print(f"« {result.query} »", style="bold")
        for number, candidate in enumerate(result.candidates, 1):
            console.print(_block(number, candidate))
    if result.message:
        console.print(result.message)
    console.print(
        "Une correspondance de nom n'est pas une preuve d'identité : demandez le numéro RPPS."
    )
    console.print(source)


def _table(result: VerifyResult) -> Table:
    """Wide terminals: one row per person. Identifiers never wrap nor shorten; other cells fold."""
    table = Table(title=f"« {result.query} »", show_lines=True)
    table.add_column("Nom", overflow="fold")
    table.add_column("Numéro", no_wrap=True, min_width=len("ADELI 10000000009"))
    for column in ("Profession", "Lieux d'exercice", *_ACT_COLUMNS):
        table.add_column(column, overflow="fold")
    table.add_column("Score", no_wrap=True)
    for candidate in result.candidates:
        table.add_row(*_row(candidate))
    return table


def _row(candidate: Candidate) -> list[str]:
    skills = ", ".join(s.label for s in candidate.savoir_faire)
    verdicts = candidate.verdicts
    return [
        f"{candidate.last_name} {candidate.first_name}",
        f"{candidate.identifier_type} {candidate.identifier}",
        candidate.profession + (f"\n{skills}" if skills else ""),
        _places(candidate) or "—",
        _STATUS[verdicts.ha_filler.status],
        _STATUS[verdicts.botulinum_toxin.status],
        _STATUS[verdicts.mesotherapy.status],
        f"{candidate.score:.2f}",
    ]


def _block(number: int, candidate: Candidate) -> Text:
    """Narrow terminals: one stacked block per person, the answer per act first, then why."""
    skills = ", ".join(s.label for s in candidate.savoir_faire)
    text = Text(f"\n{number}. ", style="bold")
    text.append(f"{candidate.last_name} {candidate.first_name}", style="bold")
    text.append(f"\n   {candidate.identifier_type} {candidate.identifier}")
    text.append(f" · score {candidate.score:.2f}")
    text.append(f"\n   {candidate.profession}" + (f" — {skills}" if skills else ""))
    text.append(f"\n   {_places(candidate) or 'aucun lieu publié'}")
    for verdict in (candidate.verdicts.ha_filler, candidate.verdicts.botulinum_toxin,
                    candidate.verdicts.mesotherapy):  # fmt: skip
        icon, colour = _ICONS[verdict.status]
        text.append(f"\n   {icon} ", style=colour)
        text.append(verdict.answer or verdict.status.value, style=colour)
        if verdict.status != "authorised" and verdict.reason:
            text.append(f"\n     {verdict.reason}")
    return text


def _places(candidate: Candidate) -> str:
    return ", ".join(sorted({f"{a.city} ({a.postcode})" for a in candidate.activities}))
