"""Mail leaves Vigie through a durable outbox: a row written in the same transaction as the change
it announces, sent later, outside any request, by ``vigie mail send-pending`` or the drainer that
``vigie serve`` runs.

Why a table and not ``smtplib`` in the route: a crash between the commit and the send must lose
nothing (the row is there, the next drain sends it), and a rolled-back change must announce
nothing (the row went with it). Each row is *claimed* before sending (an atomic update with a
lease), so two drainers never send one row together; a drainer killed after the SMTP server
accepted a message but before the row was marked would resend it once the lease expires, so every
message carries a ``Message-ID`` derived from its row: receiving servers and mail clients drop the
duplicate. A failed send is retried with exponential back-off and abandoned after ``MAX_ATTEMPTS``
(visible to admins as ``gave_up``); with no ``VIGIE_SMTP_URL`` nothing is sent and the log says so.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from urllib.parse import unquote, urlsplit

from pydantic import JsonValue
from sqlalchemy import JSON, Boolean, DateTime, Integer, String, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from vigie.accounts.services import normalise_email
from vigie.config import Settings
from vigie.db.base import Base
from vigie.errors import InvalidInput

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 60
LEASE_SECONDS = 120
BATCH = 50


class OutboxMessage(Base):
    """One e-mail to send, with its delivery state."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # What the message announces, e.g. "report:12:forwarded": the same announcement is queued once.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    to_address: Mapped[str] = mapped_column(String(254))
    # Rendered when sent, with the settings of the sender (public address, secret for links):
    # the change that queues a message needs neither.
    template: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, JsonValue]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    gave_up: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str] = mapped_column(String(500), default="")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _header_safe(text: str, limit: int) -> str:
    """A subject is one line: a newline in it would let text inject headers."""
    return " ".join(text.split())[:limit]


# template name, its parameters, the settings → (subject, body)
Renderer = Callable[[str, dict[str, JsonValue], Settings], tuple[str, str]]
# template name, its parameters, the settings → extra headers (e.g. List-Unsubscribe)
HeaderMaker = Callable[[str, dict[str, JsonValue], Settings], dict[str, str]]


def enqueue(
    session: Session,
    dedupe_key: str,
    to_address: str,
    template: str,
    params: dict[str, JsonValue],
) -> bool:
    """Queue a message in the caller's transaction; ``False`` when this announcement was already
    queued (a retried transition, a double click) or the address is unusable."""
    try:
        address = normalise_email(to_address)
    except InvalidInput:
        log.warning("not queuing %s: unusable address", dedupe_key)
        return False
    now = utcnow()
    row = OutboxMessage(
        dedupe_key=dedupe_key[:200],
        to_address=address,
        template=template,
        params=params,
        created_at=now,
        attempts=0,
        next_attempt_at=now,
        gave_up=False,
        last_error="",
    )
    session.add(row)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    username: str
    password: str
    tls: bool  # smtps:// (TLS from the start); smtp:// upgrades with STARTTLS when offered


def smtp_target(url: str) -> SmtpTarget:
    """``smtp://[user:pass@]host[:port]`` or ``smtps://…``; ``InvalidInput`` otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise InvalidInput(
            "VIGIE_SMTP_URL must look like smtp://host:port or smtps://user:password@host:port.",
            details={"setting": "VIGIE_SMTP_URL"},
        )
    return SmtpTarget(
        host=parts.hostname,
        port=parts.port or (465 if parts.scheme == "smtps" else 25),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        tls=parts.scheme == "smtps",
    )


def _message(
    row: OutboxMessage, settings: Settings, render: Renderer, headers: HeaderMaker | None
) -> EmailMessage:
    subject, body = render(row.template, row.params, settings)
    message = EmailMessage()
    message["From"] = formataddr(("Vigie", settings.mail_from))
    message["To"] = row.to_address
    message["Subject"] = _header_safe(subject, 200)
    domain = settings.mail_from.rpartition("@")[2] or "vigie.invalid"
    # Derived from the row, so a message sent twice (see the module docstring) is one message.
    message["Message-ID"] = f"<outbox-{row.id}-{row.created_at:%Y%m%d%H%M%S}@{domain}>"
    for name, value in (headers(row.template, row.params, settings) if headers else {}).items():
        message[name] = _header_safe(value, 900)
    message.set_content(body)
    return message


def _send(target: SmtpTarget, message: EmailMessage, timeout: float) -> None:
    if target.tls:
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        client = smtplib.SMTP(target.host, target.port, timeout=timeout)
    with client:
        client.ehlo()
        if not target.tls and client.has_extn("starttls"):
            client.starttls(context=ssl.create_default_context())
            client.ehlo()
        if target.username:
            client.login(target.username, target.password)
        client.send_message(message)


def _claim(session: Session, row_id: int, now: dt.datetime) -> bool:
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == row_id,
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.gave_up.is_(False),
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
        )
        .values(claimed_until=now + dt.timedelta(seconds=LEASE_SECONDS))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined,no-any-return]


@dataclass(frozen=True)
class DrainResult:
    sent: int
    failed: int  # still queued for a retry, or given up
    skipped: bool  # no SMTP server configured


def send_pending(
    factory: sessionmaker[Session],
    settings: Settings,
    render: Renderer,
    headers: HeaderMaker | None = None,
) -> DrainResult:
    """Send every message that is due; each one in its own transaction."""
    if not settings.smtp_url:
        with factory() as session:
            due = session.scalar(
                select(OutboxMessage.id).where(OutboxMessage.sent_at.is_(None)).limit(1)
            )
        if due is not None:
            log.warning("VIGIE_SMTP_URL is not set: queued e-mails are kept, none is sent")
        return DrainResult(sent=0, failed=0, skipped=True)
    target = smtp_target(settings.smtp_url)
    sent = failed = 0
    now = utcnow()
    with factory() as session:
        ids = session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.sent_at.is_(None),
                OutboxMessage.gave_up.is_(False),
                OutboxMessage.next_attempt_at <= now,
            )
            .order_by(OutboxMessage.id)
            .limit(BATCH)
        ).all()
    for row_id in ids:
        with factory() as session, session.begin():
            if not _claim(session, row_id, utcnow()):
                continue  # another drainer has it, or it went meanwhile
        with factory() as session, session.begin():
            row = session.get(OutboxMessage, row_id)
            if row is None:
                continue
            try:
                message = _message(row, settings, render, headers)
            except (KeyError, ValueError, TypeError) as exc:  # no retry can fix the row itself
                row.gave_up, row.last_error = True, f"cannot render: {exc!r}"[:500]
                log.error("e-mail %s cannot be rendered: %s", row.id, exc)
                failed += 1
                continue
            try:
                _send(target, message, settings.smtp_timeout_seconds)
            except (OSError, smtplib.SMTPException) as exc:
                _failed(row, exc)
                failed += 1
                continue
            row.sent_at, row.claimed_until, row.attempts = utcnow(), None, row.attempts + 1
            sent += 1
    return DrainResult(sent=sent, failed=failed, skipped=False)


def _failed(row: OutboxMessage, exc: BaseException) -> None:
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:500]
    row.claimed_until = None
    if row.attempts >= MAX_ATTEMPTS:
        row.gave_up = True
        log.error("gave up e-mail %s after %s attempts: %s", row.id, row.attempts, row.last_error)
        return
    delay = FIRST_RETRY_SECONDS * 2 ** (row.attempts - 1)
    row.next_attempt_at = utcnow() + dt.timedelta(seconds=delay)
    log.warning("e-mail %s failed (attempt %s), retry in %s s", row.id, row.attempts, delay)
