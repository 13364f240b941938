"""``vigie serve``: the HTTP service.

Several workers must share one secret key: each worker builds its own settings, and a key drawn
at random per process would make a session cookie or a CSRF token signed by one worker fail on
the next (28 of 30 sign-ins did with two workers). So ``--workers`` above one refuses to start
without ``VIGIE_SECRET_KEY``, except in development, where one key is drawn here and handed to
every worker through the environment.
"""

from __future__ import annotations

import os
import secrets

import typer
import uvicorn

from vigie.cli.common import err_console, load_settings, migrated_engine
from vigie.cli.mail import start_drainer
from vigie.config import PLACEHOLDER_SECRETS, Environment, Settings

WORKER_HEALTHCHECK_SECONDS = 60


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def share_secret_key(settings: Settings, workers: int) -> None:
    """Make sure every worker will sign with the same key, or exit with the reason."""
    given = os.environ.get("VIGIE_SECRET_KEY", "")
    if workers == 1 or given.strip().lower() not in PLACEHOLDER_SECRETS:
        return
    if settings.environment is not Environment.DEVELOPMENT:
        err_console.print(
            "[red]Configuration error:[/red] --workers above 1 needs VIGIE_SECRET_KEY outside "
            "development (each worker would draw its own key and refuse the others' sessions). "
            "Set it to a long random value."
        )
        raise typer.Exit(2)
    os.environ["VIGIE_SECRET_KEY"] = secrets.token_urlsafe(48)  # inherited by every worker


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(
        1, min=1, help="Worker processes (stateless; they share the index and the secret key)."
    ),
    forwarded_allow_ips: str = typer.Option(
        "127.0.0.1",
        help="Comma-separated addresses of the reverse proxies whose X-Forwarded-For is believed "
        "(rate limits and sign-in throttling count the client it names); '*' trusts anyone.",
    ),
) -> None:
    """Start the HTTP service (pages and JSON API) with uvicorn."""
    settings = load_settings()
    share_secret_key(settings, workers)
    migrated_engine(settings).dispose()
    start_drainer(settings)  # e-mails queued by the workers, sent from here
    uvicorn.run(
        "vigie.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        # A worker imports the whole app (scikit-learn, numpy, the model) before it answers the
        # supervisor's health pings: about 6 CPU-seconds, far more on a busy machine. Uvicorn's 5 s
        # default killed workers that were merely still starting, over and over.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
    )
