"""``vigie social parse``: which account does a pasted link, @handle or phone number name?

One text as an argument, or ``--batch FILE|-`` with one JSON object ``{"text", "platform"}`` per
line and one JSON result per output line, in order. The exit code says whether every text named an
account (0) or not (1), so a script can test it; 2 is a file that cannot be read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import typer

from vigie.cli.common import err_console
from vigie.social import Kind, ParseResult, parse_account

app = typer.Typer(
    help="Social-media accounts: read any spelling (URL, @handle, phone) as one account key.",
    no_args_is_help=True,
)


@app.command("parse")
def parse(
    text: str | None = typer.Argument(
        None, help="A profile or post URL, an @handle (with --platform) or a phone number."
    ),
    platform: str | None = typer.Option(
        None,
        "--platform",
        "-p",
        help="instagram, tiktok, snapchat, facebook, x, youtube, telegram, threads, whatsapp "
        "or phone; needed for a bare @handle.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON object."),
    batch: str | None = typer.Option(
        None,
        "--batch",
        help='A file (or - for stdin) of JSON lines {"text", "platform"}; one JSON result per line.',
    ),
) -> None:
    """Say which account a text names (exit 0), or why it names none and what to paste (exit 1)."""
    if batch is not None:
        raise typer.Exit(_run_batch(batch))
    if text is None:
        err_console.print("[red]Error:[/red] give a TEXT to parse, or --batch FILE.")
        raise typer.Exit(2)
    result = parse_account(text, platform)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        _print(result)
    raise typer.Exit(0 if result.is_account else 1)


def _print(result: ParseResult) -> None:
    key = result.key
    if key is not None:
        typer.echo(f"{key.platform.value} {key.shown} ({key.id_type.value}) {key.url}")
    else:
        where = f" [{result.platform.value}]" if result.platform else ""
        typer.echo(f"{result.kind.value}{where}: {result.message}")


def _run_batch(source: str) -> int:
    if source == "-":
        return _emit(sys.stdin)
    try:
        with Path(source).open(encoding="utf-8") as stream:
            return _emit(stream)
    except (OSError, UnicodeDecodeError) as exc:
        err_console.print(f"[red]Error:[/red] cannot read {source} as UTF-8 text: {exc}")
        return 2


def _emit(lines: Iterable[str]) -> int:
    every_account = True
    for result in _results(lines):
        every_account &= result.is_account
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    return 0 if every_account else 1


def _results(lines: Iterable[str]) -> Iterator[ParseResult]:
    """One result per non-empty line; a line that is not a JSON object is an ``invalid`` result."""
    for line in lines:
        if not line.strip():
            continue
        item = _json_object(line)
        if item is None:
            yield ParseResult(line.rstrip("\n"), None, Kind.INVALID, None, _BAD_LINE)
            continue
        text, platform = item.get("text"), item.get("platform")
        yield parse_account(
            text if isinstance(text, str) else None,
            platform if isinstance(platform, str) else None,
        )


_BAD_LINE = 'Ligne illisible : attendu un objet JSON {"text": …, "platform": …}.'


def _json_object(line: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
