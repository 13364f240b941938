"""Transmission records: which dossier (its fingerprint) went to whom, and when.

Every exported PDF, JSON or ZIP is logged (``report_dossier_export``, append-only) with its
fingerprint and addressee. When a moderator marks the case forwarded to a destination, the record
is that forward matched with the last export for the same destination before it: "transmis à
l'Ordre des médecins de la Gironde le … (dossier SHA-256 …)". Nothing is rewritten afterwards, so
the record read on any later day is the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.dates import french_datetime
from vigie.reports.addressees import addressee
from vigie.reports.models import Case, CaseForward, ReportedAccount
from vigie.reports.models_dossier import DossierExport
from vigie.reports.schemas_dossier import Dossier
from vigie.reports.workflow import Destination


@dataclass(frozen=True)
class Transmission:
    destination: str
    addressee: str
    forwarded_at: dt.datetime
    reference: str
    fingerprint: str | None

    @property
    def sentence(self) -> str:
        return f"Transmis à {self.addressee} le {french_datetime(self.forwarded_at)}"


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def record_export(session: Session, dossier: Dossier, fmt: str, actor: str) -> None:
    header = dossier.dossier
    session.add(
        DossierExport(
            case_id=header.case_id,
            destination=header.destination,
            addressee=header.addressee.short[:200],
            fingerprint=header.fingerprint,
            format=fmt,
            actor=actor[:254],
            created_at=dt.datetime.now(dt.UTC),
        )
    )


def transmissions(session: Session, case_id: int) -> list[Transmission]:
    """The case's forwards, oldest first, each with the dossier last exported for it."""
    forwards = session.scalars(
        select(CaseForward).where(CaseForward.case_id == case_id).order_by(CaseForward.id)
    ).all()
    if not forwards:
        return []
    exports = session.scalars(
        select(DossierExport)
        .where(DossierExport.case_id == case_id)
        .order_by(DossierExport.created_at, DossierExport.id)
    ).all()
    fallback = _fallback_addressees(session, case_id)
    found = []
    for forward in forwards:
        at = _aware(forward.forwarded_at)
        sent = [
            e
            for e in exports
            if e.destination == forward.destination and _aware(e.created_at) <= at
        ]
        last = sent[-1] if sent else None
        found.append(
            Transmission(
                destination=forward.destination,
                addressee=last.addressee if last else fallback.get(forward.destination, ""),
                forwarded_at=at,
                reference=forward.reference,
                fingerprint=last.fingerprint if last else None,
            )
        )
    return found


def _fallback_addressees(session: Session, case_id: int) -> dict[str, str]:
    """Who each destination is for this case when no dossier was exported before the forward."""
    case = session.get(Case, case_id)
    platform = session.scalar(
        select(ReportedAccount.platform)
        .where(ReportedAccount.case_id == case_id)
        .order_by(ReportedAccount.id)
        .limit(1)
    )
    department = case.department if case else ""
    return {d.value: addressee(d, department, platform or "").short for d in Destination}
