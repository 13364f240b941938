"""Tables of the reports domain: reported accounts, cases, reports, evidence, forwards, case events.

* ``report_account`` is unique on the normalised ``(platform, handle)``: concurrent reports about one
  account race on that constraint and the loser retries, so one account never gets two cases.
* ``report_case.version`` is bumped by every moderator change; an update that names a stale version
  changes nothing and becomes a 409 (optimistic concurrency, no locks held between requests).
* ``report_case_event`` is append-only and hash-chained: ``prev_hash`` is unique, so two writers
  cannot fork the chain (the second one retries), and ``vigie audit verify`` recomputes every hash.
"""

from __future__ import annotations

import datetime as dt

from pydantic import JsonValue
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from vigie.db.base import Base


class Case(Base):
    __tablename__ = "report_case"
    __table_args__ = (Index("ix_report_case_status_risk", "status", "risk_score"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    status: Mapped[str] = mapped_column(String(16), default="new")
    outcome: Mapped[str | None] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1)
    department: Mapped[str] = mapped_column(String(3), default="")
    risk_score: Mapped[float | None] = mapped_column(Float)
    risk_band: Mapped[str | None] = mapped_column(String(8))
    scan_result: Mapped[dict[str, JsonValue] | None] = mapped_column(JSON)
    registry_check: Mapped[dict[str, JsonValue] | None] = mapped_column(JSON)
    analysed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("report_case.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    first_forwarded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # When the case entered its current state (the deadline per state counts from here).
    status_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The moderator working the case, so two do not open the same one (see ``reports.assignment``).
    assigned_to_id: Mapped[int | None] = mapped_column(Integer)  # a user id, like actor_id
    assigned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ReportedAccount(Base):
    __tablename__ = "report_account"
    __table_args__ = (UniqueConstraint("platform", "handle", name="uq_report_account_handle"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("report_case.id"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    handle: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Report(Base):
    __tablename__ = "report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("report_case.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("report_account.id"), index=True)
    tracking_code: Mapped[str] = mapped_column(String(32), unique=True)
    account_input: Mapped[str] = mapped_column(String(500))
    acts: Mapped[list[str]] = mapped_column(JSON, default=list)
    products: Mapped[str] = mapped_column(String(500), default="")
    price: Mapped[str] = mapped_column(String(100), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    department: Mapped[str] = mapped_column(String(3), default="")
    offered_on: Mapped[str] = mapped_column(String(40), default="")
    harmed: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    post_texts: Mapped[list[str]] = mapped_column(JSON, default=list)
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # The reporter asked to be told by e-mail when the case moves (see ``reports.notifications``).
    notify: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language of the page the report was filed from: its e-mails are written in it.
    lang: Mapped[str] = mapped_column(String(5), default="fr", server_default="fr")
    # Set when a moderator invalidated every report of a mass-flagging reporter: the report stays
    # (the audit chain and the evidence keep it) but counts for nothing.
    invalidated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    reporter_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class Evidence(Base):
    __tablename__ = "report_evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(40))
    size_bytes: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(200), default="")
    has_preview: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CaseForward(Base):
    """One sending of the case to one destination (Ordre, ARS, DGCCRF, prosecutor, ANSM, platform)."""

    __tablename__ = "report_case_forward"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("report_case.id"), index=True)
    destination: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str] = mapped_column(String(200), default="")
    forwarded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class CaseEvent(Base):
    __tablename__ = "report_case_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(Integer, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    details: Mapped[dict[str, JsonValue]] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))
