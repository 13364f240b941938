"""``vigie registry``: synthesise, load, inspect and compare registry snapshots."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table
from sqlalchemy.orm import Session

from vigie.cli.common import cli_errors, load_settings, migrated_engine
from vigie.db.engine import make_session_factory
from vigie.registry import diff as registry_diff
from vigie.registry import services, synth
from vigie.registry.load.loader import (
    DEFAULT_PARSER,
    LoadOptions,
    LoadResult,
    Parser,
    load_registry,
)
from vigie.registry.schemas import RegistryDiff, RegistryStatus

app = typer.Typer(
    help="The practitioner registry (RPPS extract): load, status, diff.", no_args_is_help=True
)
console = Console()


@contextmanager
def read_session() -> Iterator[Session]:
    """A session on the migrated database; the engine is disposed even when the command fails."""
    engine = migrated_engine(load_settings())
    try:
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


class RichProgress:
    """A progress bar per file, counted in bytes (total unknown for some HTTP responses)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def start(self, name: str, total_bytes: int | None) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=self.progress.tasks[-1].total or 0)
        self.task = self.progress.add_task(Path(name).name, total=total_bytes)

    def advance(self, n_bytes: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n_bytes)


@app.command("synth")
def synth_command(
    out: Annotated[Path, typer.Option("--out", help="Directory to write the three files into.")],
    persons: int = typer.Option(20_000, min=1, help="Number of persons (~2 activity rows each)."),
    seed: int = typer.Option(synth.DEFAULT_SEED, help="Random seed: same seed, same extract."),
) -> None:
    """Write a synthetic extract (exact layout, real names drawn at random) for demos, tests, benches."""
    result = synth.write(out, persons, seed)
    console.print(
        f"Wrote {result.persons:,} persons: {result.activity_rows:,} activity rows, "
        f"{result.savoir_faire_rows:,} savoir-faire rows, {result.diploma_rows:,} diploma rows "
        f"in {out}"
    )


@app.command("load")
def load_command(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="A directory, a PS_LibreAcces_*.zip, the three .txt files, or http(s) URLs."
        ),
    ],
    max_reject_rate: float | None = typer.Option(
        None, min=0.0, max=1.0, help="Fail above this fraction of rejected rows (default: setting)."
    ),
    wait: float = typer.Option(
        0.0, min=0.0, help="Seconds to wait for another running load before refusing."
    ),
    allow_shrink: bool = typer.Option(
        False, "--allow-shrink", help="Accept far fewer persons than the current registry."
    ),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
    parser: Annotated[
        Parser,
        typer.Option(
            "--parser",
            help="rows: the row-by-row parser; columnar: Polars over large chunks. Same rows, "
            "index and rejects; the default is the faster one on the national extract.",
        ),
    ] = DEFAULT_PARSER,
) -> None:
    """Load the extract into a new snapshot and make it current (nothing changes on failure)."""
    settings = load_settings()
    with cli_errors():
        migrated_engine(settings).dispose()
        columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn())
        columns += (TransferSpeedColumn(), TimeRemainingColumn())  # type: ignore[assignment]
        with Progress(*columns, console=console, disable=quiet) as progress:
            options = LoadOptions(max_reject_rate, wait, allow_shrink, RichProgress(progress))
            options.columnar_parser = parser is Parser.COLUMNAR
            result = load_registry(settings, sources, options)
    print_summary(result)


def print_summary(result: LoadResult) -> None:
    tally = result.tally
    date = result.source_date
    console.print(f"[green]Snapshot {result.snapshot_id} is now current.[/green]")
    if date is None:
        console.print("Extraction date: not given by the source; using the load date instead.")
    else:
        console.print(f"Extraction date: {date.date.isoformat()} (from {date.origin})")
    console.print(
        f"Rows read: {tally.rows_read:,}  persons: {tally.persons:,}  activities: "
        f"{tally.activities:,}  savoir-faire: {tally.savoir_faire:,}  rejected: {tally.rows_rejected:,}"
    )
    for error in tally.rejects_sample[:10]:
        console.print(f"  rejected {Path(error.file).name} line {error.line}: {error.reason}")
    if result.replaced_snapshot_id is not None:
        console.print(f"Previous snapshot kept: {result.replaced_snapshot_id}")
    if result.dropped_snapshot_ids:
        console.print(f"Dropped older snapshot(s): {result.dropped_snapshot_ids}")
    timings = "  ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
    console.print(f"Timings: {timings}")


@app.command("status")
def status_command(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the current snapshot: source date, counts by profession, rejects."""
    with cli_errors(), read_session() as session:
        status = services.registry_status(session)
    if as_json:
        typer.echo(status.model_dump_json(indent=2))
        return
    print_status(status)


def print_status(status: RegistryStatus) -> None:
    failed = status.last_failed_load
    if failed is not None:
        console.print(
            f"[yellow]Last load failed[/yellow] ({failed.started_at:%Y-%m-%d %H:%M}): {failed.error}"
        )
    if not status.loaded:
        console.print("No registry loaded yet: run `vigie registry load SOURCE` or `vigie demo`.")
        return
    origin = (
        "" if status.source_date_origin != "load_time" else " (load date: the source gave none)"
    )
    console.print(f"Source: {status.source}, extracted {status.source_date}{origin}")
    console.print(f"Snapshot {status.snapshot_id} loaded at {status.loaded_at}")
    console.print(f"Previous snapshot: {status.previous_snapshot_id}")
    console.print(
        f"Persons {status.persons:,}, activities {status.activities:,}, savoir-faire "
        f"{status.savoir_faire:,}; rows read {status.rows_read:,}, rejected {status.rows_rejected:,}"
    )
    table = Table("profession", "persons")
    for code, count in sorted(status.counts_by_profession.items(), key=lambda kv: -kv[1]):
        table.add_row(code, f"{count:,}")
    console.print(table)
    for reject in status.rejects_sample[:10]:
        console.print(f"  rejected {Path(reject.file).name} line {reject.line}: {reject.reason}")


@app.command("diff")
def diff_command(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    limit: int = typer.Option(100, min=1, max=100_000, help="Most persons listed per section."),
) -> None:
    """Who appeared, disappeared, or changed profession or savoir-faire since the previous snapshot."""
    with cli_errors(), read_session() as session:
        result = registry_diff.diff_current(session, limit=limit)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    print_diff(result)


def print_diff(result: RegistryDiff) -> None:
    console.print(
        f"Snapshot {result.before_snapshot_id} ({result.before_source_date}) -> "
        f"{result.after_snapshot_id} ({result.after_source_date})"
    )
    console.print(
        f"Appeared {result.appeared_count:,}, disappeared {result.disappeared_count:,}, "
        f"changed {result.changed_count:,}"
    )
    for person in result.disappeared:
        console.print(f"  - {person.identifier} {person.last_name} {person.first_name} "
                      f"({person.profession_code} {' '.join(person.savoir_faire)})")  # fmt: skip
    for person in result.appeared:
        console.print(f"  + {person.identifier} {person.last_name} {person.first_name} "
                      f"({person.profession_code})")  # fmt: skip
    for changed in result.changed:
        console.print(
            f"  ~ {changed.identifier} {changed.last_name} {changed.first_name}: profession "
            f"{changed.profession_before}->{changed.profession_after}, savoir-faire "
            f"-{changed.savoir_faire_removed} +{changed.savoir_faire_added}"
        )
    if result.truncated:
        console.print("(lists truncated; use --limit or --json)")


if (
    __name__ == "__main__"
):  # `python -m vigie.cli.registry`: skips importing the other command groups
    app()
