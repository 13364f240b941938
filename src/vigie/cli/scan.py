"""``vigie scan``."""

from __future__ import annotations

import typer

app = typer.Typer(help="scan commands.", no_args_is_help=True)
