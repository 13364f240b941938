"""What the moderator's case page shows about dossiers: the transmission records and every evidence
file that no longer matches its fingerprint (the export would refuse it; the page says why first;
a page view re-hashes at most ``PAGE_HASH_BUDGET`` bytes, the export all of them).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.reports import annexes, timestamps
from vigie.reports.models import Evidence, Report
from vigie.reports.models_dossier import EvidenceTimestamp
from vigie.reports.schemas_cases import EvidenceView
from vigie.reports.storage import EvidenceStorage
from vigie.reports.transmissions import transmissions

PAGE_HASH_BUDGET = 100 * 1024 * 1024  # bytes of evidence one case page view re-hashes


def evidence_problems(session: Session, storage: EvidenceStorage, case_id: int) -> dict[int, str]:
    """Integrity problems by evidence id, annexes numbered as in the dossier."""
    rows = session.scalars(
        select(Evidence)
        .join(Report, Report.id == Evidence.report_id)
        .where(Report.case_id == case_id)
        .order_by(Evidence.id)
    ).all()
    found = [
        annexes.Annex(n, row.report_id, _view(row), None, False) for n, row in enumerate(rows, 1)
    ]
    return _numbered(found, annexes.problems(storage, _within_budget(found)))


def _within_budget(found: list[annexes.Annex]) -> list[annexes.Annex]:
    """The first annexes up to ``PAGE_HASH_BUDGET`` bytes: a page view must stay cheap, and every
    export re-hashes all of them anyway."""
    kept, left = [], PAGE_HASH_BUDGET
    for annex in found:
        left -= annex.evidence.size_bytes
        if left < 0:
            break
        kept.append(annex)
    return kept


def _numbered(found: list[annexes.Annex], problems: dict[int, str]) -> dict[int, str]:
    number = {a.evidence.evidence_id: a.number for a in found}
    return {key: f"Annexe {number[key]} : {text}" for key, text in problems.items()}


def _view(row: Evidence) -> EvidenceView:
    return EvidenceView(
        evidence_id=row.id,
        sha256=row.sha256,
        media_type=row.media_type,
        size_bytes=row.size_bytes,
        original_name=row.original_name,
        has_preview=row.has_preview,
        received_at=row.received_at.isoformat(),
    )


def timestamp_states(session: Session, case_id: int) -> dict[int, str]:
    """``horodaté`` / ``horodatage en attente`` by evidence id (nothing when no TSA was asked)."""
    rows = session.execute(
        select(EvidenceTimestamp.evidence_id, EvidenceTimestamp.status)
        .join(Evidence, Evidence.id == EvidenceTimestamp.evidence_id)
        .join(Report, Report.id == Evidence.report_id)
        .where(Report.case_id == case_id)
    ).all()
    words = {timestamps.STAMPED: "horodaté (RFC 3161)", timestamps.PENDING: "horodatage en attente"}
    return {evidence_id: words.get(status, status) for evidence_id, status in rows}


def dossier_page_facts(session: Session, storage: EvidenceStorage, case_id: int) -> dict[str, Any]:
    return {
        "transmissions": [
            {"sentence": t.sentence, "reference": t.reference, "fingerprint": t.fingerprint}
            for t in transmissions(session, case_id)
        ],
        "evidence_problems": evidence_problems(session, storage, case_id),
        "timestamp_states": timestamp_states(session, case_id),
    }
