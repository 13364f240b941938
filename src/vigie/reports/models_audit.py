"""What each case event attests, in its own table beside ``report_case_event`` (the chain's hash covers it).

An attestation holds the case's state once the event's change was made (status, outcome, version,
the case it was merged into) and the SHA-256 of every evidence file the event added. ``vigie audit
verify`` compares those with the rows and the stored files as they are now, so an ``UPDATE`` of a
case's status or of an evidence hash, which used to leave the chain intact, names its case or
evidence. Events written before attestations existed have none and hash as they always did.
"""

from __future__ import annotations

from pydantic import JsonValue
from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from vigie.db.base import Base


class EventAttestation(Base):
    __tablename__ = "report_case_event_attestation"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("report_case_event.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, JsonValue]] = mapped_column(JSON)
    evidence: Mapped[list[JsonValue]] = mapped_column(JSON)  # [[evidence id, sha256], ...]
