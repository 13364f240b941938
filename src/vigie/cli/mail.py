"""``vigie mail``: send what the outbox holds (``send-pending``), build the moderators' daily
digest (``digest``); ``vigie serve`` runs the same in its background drainer."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

import typer
from rich.console import Console
from sqlalchemy.orm import Session, sessionmaker

from vigie.cli.common import cli_errors, load_settings, migrated_engine
from vigie.config import Settings
from vigie.dates import PARIS
from vigie.db.engine import make_engine, make_session_factory
from vigie.db.retry import run_with_retry
from vigie.errors import InvalidInput
from vigie.reports.mail_templates import headers, render
from vigie.reports.moderator_mail import digest_day, queue_digest, queue_urgent_alerts
from vigie.reports.outbox import DrainResult, send_pending

app = typer.Typer(
    help="E-mail: the outbox of messages to reporters and moderators.", no_args_is_help=True
)
console = Console()
log = logging.getLogger(__name__)


def _drain(factory: sessionmaker[Session], settings: Settings) -> DrainResult:
    """Queue the moderators' urgent alerts that are due, then send every message that is due."""
    # Retried like any write that can lose a race (another drainer announcing the same case).
    run_with_retry(
        factory,
        lambda s: queue_urgent_alerts(
            s, settings.case_sla_days, urgent_score=settings.mail_urgent_score
        ),
    )
    return send_pending(factory, settings, render, headers)


def _report(result: DrainResult) -> None:
    if result.skipped:
        console.print("VIGIE_SMTP_URL is not set: nothing sent, the outbox keeps its messages.")
        return
    console.print(f"{result.sent} e-mail(s) sent, {result.failed} failed (kept for a retry).")
    if result.failed:
        raise typer.Exit(1)


@app.command("send-pending")
def send_pending_command() -> None:
    """Queue the moderators' alerts for new urgent cases, send every queued e-mail that is due,
    then exit: 0 when all went, 1 when some failed (they stay queued and are retried later with
    back-off)."""
    settings = load_settings()
    with cli_errors():
        engine = migrated_engine(settings)
        try:
            result = _drain(make_session_factory(engine), settings)
        finally:
            engine.dispose()
    _report(result)


@app.command("digest")
def digest_command(
    day: str = typer.Option(
        "", help="The Paris day of the digest, YYYY-MM-DD (default: today in Paris)."
    ),
) -> None:
    """Build the moderators' daily digest (open cases, the most urgent first) unless that day's
    was already built, then send what is due. Exits 0 when all went, 1 when some failed."""
    settings = load_settings()
    with cli_errors():
        chosen = _day(day)
        engine = migrated_engine(settings)
        try:
            factory = make_session_factory(engine)
            queued = run_with_retry(
                factory, lambda s: queue_digest(s, chosen, settings.case_sla_days)
            )
            if queued is None:
                console.print(f"The digest of {chosen.isoformat()} was already built.")
            else:
                console.print(f"Digest of {chosen.isoformat()}: {queued} e-mail(s) queued.")
            result = _drain(factory, settings)
        finally:
            engine.dispose()
    _report(result)


def _day(text: str) -> dt.date:
    if not text:
        return dt.datetime.now(PARIS).date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--day must be a date like 2026-12-02, not {text!r}.") from None


DRAIN_SECONDS = 30.0


def drain_once(
    factory: sessionmaker[Session], settings: Settings, now: dt.datetime | None = None
) -> DrainResult:
    """One pass of the drainer: the day's digest once it is due, urgent alerts, then sending."""
    day = digest_day(now, settings.mail_digest_hour)
    if day is not None:
        run_with_retry(factory, lambda s: queue_digest(s, day, settings.case_sla_days))
    return _drain(factory, settings)


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
                drain_once(factory, settings)
            except Exception:  # a bad row or a database blip must not stop the next drains
                log.exception("draining the mail outbox failed")
            time.sleep(every)

    thread = threading.Thread(target=drain_forever, name="vigie-mail-outbox", daemon=True)
    thread.start()
    return thread
