"""``vigie verify``: may this person inject me?"""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach the top-level ``verify`` command (owned by the verify work)."""
