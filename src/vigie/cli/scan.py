"""``vigie scan FILE|-``, ``vigie scan train``, ``vigie scan evaluate``.

``vigie scan`` takes a file as its first argument, yet also has subcommands; ``_ScanGroup`` routes
any first argument that is not a subcommand name to the hidden ``file`` command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from vigie.cli.common import err_console, load_settings

if TYPE_CHECKING:
    from vigie.scan.batch import LineError

# The scan modules import scikit-learn (seconds): they are imported inside the commands so that
# every other `vigie` command starts fast.


class _ScanGroup(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's vendored click Context
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["file", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_ScanGroup,
    help="Score posts for fake-injector risk: vigie scan FILE|- [--format jsonl|csv] [--account] [--output FILE]; "
    "also 'train' and 'evaluate'.",
    no_args_is_help=True,
)


def _report(error: LineError) -> None:
    err_console.print(
        f"line {error.line_no}: skipped: {error.reason}", markup=False, highlight=False
    )


def _format_of(source: str, fmt: str | None) -> str:
    from vigie.scan.batch import FORMATS

    if fmt is not None:
        if fmt not in FORMATS:
            raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
        return fmt
    return "csv" if source.lower().endswith(".csv") else "jsonl"


def _open(source: str) -> IO[str]:
    if source == "-":
        return sys.stdin
    path = Path(source)
    if not path.is_file():
        raise typer.BadParameter(f"{source} is not a readable file", param_hint="FILE")
    return path.open(encoding="utf-8", errors="replace", newline="")


@app.command("file", hidden=True)
def scan_file(
    source: Annotated[
        str, typer.Argument(metavar="FILE|-", help="JSONL or CSV of posts; - reads stdin.")
    ],
    fmt: Annotated[
        str | None, typer.Option("--format", help="jsonl or csv (default: from the file name).")
    ] = None,
    account: Annotated[
        bool, typer.Option("--account", help="Group posts by handle and score accounts.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write results here instead of stdout.")
    ] = None,
) -> None:
    """Scan a JSONL or CSV file of posts; one JSON result per line; bad lines reported and skipped."""
    from vigie.scan.batch import read_posts, scan_lines
    from vigie.scan.services import scanner_for

    kind = _format_of(source, fmt)
    scanner = scanner_for(load_settings())
    errors = 0

    def on_error(error: LineError) -> None:
        nonlocal errors
        errors += 1
        _report(error)

    stream = _open(source)
    out: Any = output.open("w", encoding="utf-8") if output else sys.stdout
    written = 0
    try:
        for line in scan_lines(
            scanner, read_posts(stream, kind), account=account, on_error=on_error
        ):
            out.write(line + "\n")
            written += 1
    finally:
        if output:
            out.close()
        if stream is not sys.stdin:
            stream.close()
    err_console.print(f"{written} result(s) written, {errors} line(s) skipped.", highlight=False)


ARTEFACT_DIR = Path(__file__).resolve().parent.parent / "scan" / "artefacts"


@app.command("train")
def train_command(
    output: Annotated[
        Path, typer.Option(help="Directory to write the artefact to.")
    ] = ARTEFACT_DIR,
    c: Annotated[float, typer.Option("--c", help="Inverse regularisation strength.")] = 4.0,
    compare: Annotated[
        bool, typer.Option(help="Also print grouped-CV figures of alternative models.")
    ] = False,
) -> None:
    """Train the classifier on the corpus's train split (seeded, reproducible) and write the artefact."""
    import numpy as np

    from vigie.scan import training
    from vigie.scan.model import CLASSES

    rows = training.load_rows(training.corpus_path("train"))
    params = training.TrainParams(c=c)
    model, oof = training.train(rows, params)
    y = np.array([CLASSES.index(r["label"]) for r in rows])
    p, r, f = training.fake_prf(y, oof.argmax(axis=1))
    model.metadata["grouped_cv_fake_injector"] = {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
    }
    output.mkdir(parents=True, exist_ok=True)
    npz, meta = model.save(output)
    typer.echo(
        f"trained on {len(rows)} posts; grouped 5-fold CV (by family) fake_injector: precision {p:.3f} recall {r:.3f} f1 {f:.3f}"
    )
    typer.echo(f"wrote {meta} and {npz}")
    if compare:
        typer.echo("\n".join(training.compare(rows, params)))


@app.command("evaluate")
def evaluate_command(
    split: Annotated[str, typer.Option(help="Corpus split: eval (held out) or train.")] = "eval",
    model_dir: Annotated[
        Path | None, typer.Option(help="Artefact directory (default: the shipped one).")
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="A labelled JSONL file (text, label) instead of a split.")
    ] = None,
) -> None:
    """Per-class precision/recall/F1 and confusion matrix, with the keyword baseline on the same posts."""
    from vigie.scan import evaluation, training
    from vigie.scan.services import Scanner

    rows = training.load_rows(data or training.corpus_path(split))
    results = evaluation.scan_rows(Scanner.load(model_dir), rows)
    model, baseline = evaluation.reports(rows, results)
    typer.echo(f"{len(rows)} labelled posts from {data or split}")
    typer.echo("\n".join([*model.lines(), "", *baseline.lines()]))
    if parts := evaluation.part_lines(rows, results):
        typer.echo("\n".join(["", "== model, each part of the set on its own ==", *parts]))
