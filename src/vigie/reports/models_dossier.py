"""Tables of dossiers: evidence timestamps (RFC 3161 tokens) and the log of exported dossiers.

* ``report_evidence_timestamp`` holds one row per evidence file once a TSA is configured: written
  ``pending`` before the TSA is asked, so a TSA that is down, a crash or garbage in its answer
  leaves a row that ``vigie evidence timestamp --pending`` retries; ``stamped`` with the token.
* ``report_dossier_export`` is append-only: which dossier (its fingerprint, the SHA-256 printed in
  its footer) was exported for which addressee, when and by whom. Marking a case forwarded is
  then matched to the last export for that destination: the transmission record.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from vigie.db.base import Base


class EvidenceTimestamp(Base):
    __tablename__ = "report_evidence_timestamp"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("report_evidence.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    tsa: Mapped[str] = mapped_column(String(300), default="")
    token: Mapped[bytes | None] = mapped_column(LargeBinary)
    gen_time: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DossierExport(Base):
    __tablename__ = "report_dossier_export"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("report_case.id"), index=True)
    destination: Mapped[str] = mapped_column(String(16))
    addressee: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(8))
    actor: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
