"""Tables of the moderators' e-mail: what was announced once (an urgent case, a day's digest),
who opted out of what, and the audit of an admin's retry of a message the outbox gave up on."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vigie.db.base import Base


class MailAnnouncement(Base):
    """An announcement decided once for everyone: ``alert:case:12``, ``digest:2026-12-02``.

    The primary key is what makes "once" hold with several drainers or workers: the second one to
    insert the same key fails on it and queues nothing."""

    __tablename__ = "mail_announcement"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    recipients: Mapped[int] = mapped_column(Integer, default=0)


class ModeratorMailPreference(Base):
    """A moderator's choice; no row means both kinds of mail are wanted."""

    __tablename__ = "moderator_mail_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    urgent: Mapped[bool] = mapped_column(Boolean, default=True)
    digest: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class OutboxRetry(Base):
    """An admin put a given-up message back in the queue: who, when, and what had failed."""

    __tablename__ = "mail_outbox_retry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("mail_outbox.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(254))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    attempts_before: Mapped[int] = mapped_column(Integer)
    error_before: Mapped[str] = mapped_column(String(500), default="")
