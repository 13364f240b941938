"""``vigie serve``: the HTTP service."""

from __future__ import annotations

import typer
import uvicorn

from vigie.cli.common import load_settings, migrated_engine


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(
        1, min=1, help="Worker processes (stateless; they share the index)."
    ),
) -> None:
    """Start the HTTP service (pages and JSON API) with uvicorn."""
    settings = load_settings()
    migrated_engine(settings).dispose()
    uvicorn.run(
        "vigie.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
    )
