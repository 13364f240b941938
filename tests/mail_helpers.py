"""Reading the links Vigie mails: from the outbox (rendered as the drainer would) or from the
messages a real loopback SMTP server received."""

from __future__ import annotations

import re
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vigie.config import Settings
from vigie.reports.notifications import render
from vigie.reports.outbox import OutboxMessage

LINK = re.compile(r"(?:https?://[^\s/]+)?(/[\w/-]+\?jeton=[\w.-]+(?:&lang=\w+)?)")


def queued_to(factory: sessionmaker[Session], to: str) -> list[OutboxMessage]:
    with factory() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == to).order_by(OutboxMessage.id)
        )
        return list(rows)


def outbox_link(factory: sessionmaker[Session], settings: Settings, to: str) -> str:
    """The path and query of the link in the last message queued to ``to``."""
    rows = queued_to(factory, to)
    assert rows, f"nothing queued to {to}"
    _subject, body = render(rows[-1].template, rows[-1].params, settings)
    found = LINK.search(body)
    assert found is not None, body
    return found.group(1)


def body_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def mailed_link(message: EmailMessage) -> tuple[str, str]:
    """(the full link as written in the message, its path and query)."""
    found = LINK.search(body_of(message))
    assert found is not None, body_of(message)
    return found.group(0), found.group(1)
