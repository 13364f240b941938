"""Tables of the accounts domain: users, API tokens, login attempts and linked social handles.

Login attempts live in the database (not in process memory) so rate limiting holds across every
worker and machine behind the load balancer. API tokens are stored as SHA-256 digests only: a
database leak does not hand out working tokens.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from vigie.db.base import Base


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(120), default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # Physician identity claim: an RPPS number checked against the registry, confirmed by a moderator.
    rpps: Mapped[str | None] = mapped_column(String(11))
    rpps_status: Mapped[str] = mapped_column(String(16), default="none")
    rpps_confirmed_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    rpps_confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    __tablename__ = "user_api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class LinkedHandle(Base):
    """A user's claim that a social-media account is theirs (a physician's own Instagram, say).

    A claim is only a claim: several users may claim one account (the first claimant must not
    block the real owner), and nothing is shown to patients until a moderator confirms it, after
    seeing the one-time ``code`` in the account's bio. At most one confirmed claim per account
    (a partial unique index, so two moderators confirming two claimants at once cannot both win).
    """

    __tablename__ = "user_linked_handle"
    __table_args__ = (
        UniqueConstraint("user_id", "platform", "handle", name="uq_user_linked_handle_claim"),
        Index(
            "uq_user_linked_handle_confirmed",
            "platform",
            "handle",
            unique=True,
            sqlite_where=text("status = 'confirmed'"),
            postgresql_where=text("status = 'confirmed'"),
        ),
        Index("ix_user_linked_handle_account", "platform", "handle"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    handle: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    code: Mapped[str] = mapped_column(String(16), default="")
    # A screenshot of the profile showing the code, stored with the evidence (content-addressed).
    evidence_sha256: Mapped[str | None] = mapped_column(String(64))
    evidence_media_type: Mapped[str | None] = mapped_column(String(40))
    decided_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
