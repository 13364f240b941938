"""``vigie mail send-pending``: send what the outbox holds (``vigie serve`` also drains it)."""

from __future__ import annotations

import logging
import threading
import time

import typer
from rich.console import Console

from vigie.cli.common import cli_errors, load_settings, migrated_engine
from vigie.config import Settings
from vigie.db.engine import make_engine, make_session_factory
from vigie.reports.notifications import render
from vigie.reports.outbox import send_pending

app = typer.Typer(help="E-mail: the outbox of messages to reporters.", no_args_is_help=True)
console = Console()
log = logging.getLogger(__name__)


@app.command("send-pending")
def send_pending_command() -> None:
    """Send every queued e-mail that is due, then exit: 0 when all went, 1 when some failed
    (they stay queued and are retried later with back-off)."""
    settings = load_settings()
    with cli_errors():
        engine = migrated_engine(settings)
        try:
            result = send_pending(make_session_factory(engine), settings, render)
        finally:
            engine.dispose()
    if result.skipped:
        console.print("VIGIE_SMTP_URL is not set: nothing sent, the outbox keeps its messages.")
        return
    console.print(f"{result.sent} e-mail(s) sent, {result.failed} failed (kept for a retry).")
    if result.failed:
        raise typer.Exit(1)


DRAIN_SECONDS = 30.0


def start_drainer(settings: Settings, every: float = DRAIN_SECONDS) -> threading.Thread | None:
    """The outbox drainer ``vigie serve`` runs beside the workers: one per ``serve`` command
    (in the supervising process, whatever ``--workers`` says), so workers never send mail from a
    request. ``None`` when no SMTP server is configured."""
    if not settings.smtp_url:
        return None
    factory = make_session_factory(make_engine(settings))

    def drain_forever() -> None:
        while True:
            try:
                send_pending(factory, settings, render)
            except Exception:  # a bad row or a database blip must not stop the next drains
                log.exception("draining the mail outbox failed")
            time.sleep(every)

    thread = threading.Thread(target=drain_forever, name="vigie-mail-outbox", daemon=True)
    thread.start()
    return thread
