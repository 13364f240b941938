"""``vigie audit verify``'s second half: the rows and stored files as they are now, compared with
what the chain attests (``reports.audit``), naming the first disagreement.

- each case with an attested event: its status, outcome, version and merge target must be those
  its latest event attested (an ``UPDATE report_case SET status='closed'`` shows here);
- each evidence row: its SHA-256 must be the one attested when it was received, no attested row
  may be missing, and a row added since attestations began must have been attested (a row or a
  hash slipped in by SQL shows here);
- with ``storage`` (``--files``): each attested original is read back and re-hashed, so a stored
  file replaced or damaged on disk shows here too.

When the chain begins with events written before attestations existed, evidence received before
the first attested event predates them and is counted, not judged; otherwise every row must be
attested.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.errors import NotFound
from vigie.reports.audit import STATE_FIELDS, ChainCheck, case_state, walk_chain
from vigie.reports.models import CaseEvent, Evidence
from vigie.reports.models_audit import EventAttestation
from vigie.reports.storage import EvidenceStorage, original_key


@dataclass(frozen=True)
class Disagreement:
    subject: str  # "case 12", "evidence 7", "file of evidence 7"
    field: str
    attested: Any
    found: Any

    def sentence(self) -> str:
        return f"{self.subject}: {self.field} attested {self.attested!r}, found {self.found!r}"


@dataclass
class StateCheck:
    chain: ChainCheck
    cases: int = 0
    evidence: int = 0
    files: int = 0
    legacy_evidence: int = 0
    disagreement: Disagreement | None = None

    @property
    def ok(self) -> bool:
        return self.chain.ok and self.disagreement is None


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class _Attested:
    """What the chain attests, gathered while it is walked."""

    def __init__(self) -> None:
        self.cases: dict[int, dict[str, Any]] = {}
        self.evidence: dict[int, str] = {}
        self.since: dt.datetime | None = None
        self.legacy_events = 0

    def visit(self, event: CaseEvent, attestation: EventAttestation | None) -> None:
        if attestation is None:
            self.legacy_events += 1
            return
        self.since = self.since or _utc(event.created_at)
        self.cases[event.case_id] = dict(attestation.state)
        for item in attestation.evidence:
            if isinstance(item, list) and len(item) == 2:
                self.evidence[int(str(item[0]))] = str(item[1])


def _cases(session: Session, attested: _Attested) -> Disagreement | None:
    for case_id, state in sorted(attested.cases.items()):
        now = case_state(session, case_id)
        for name in STATE_FIELDS:
            if now.get(name) != state.get(name):
                return Disagreement(f"case {case_id}", name, state.get(name), now.get(name))
    return None


def _evidence(session: Session, attested: _Attested, check: StateCheck) -> Disagreement | None:
    seen: set[int] = set()
    rows = session.execute(select(Evidence.id, Evidence.sha256, Evidence.received_at))
    for evidence_id, sha256, received_at in rows:
        seen.add(evidence_id)
        expected = attested.evidence.get(evidence_id)
        if expected is None:
            if attested.legacy_events and (
                attested.since is None or _utc(received_at) < attested.since
            ):
                check.legacy_evidence += 1
                continue
            return Disagreement(f"evidence {evidence_id}", "sha256", None, sha256)
        if expected != sha256:
            return Disagreement(f"evidence {evidence_id}", "sha256", expected, sha256)
        check.evidence += 1
    for evidence_id in sorted(set(attested.evidence) - seen):
        return Disagreement(f"evidence {evidence_id}", "row", attested.evidence[evidence_id], None)
    return None


def _files(storage: EvidenceStorage, attested: _Attested, check: StateCheck) -> Disagreement | None:
    for evidence_id, sha256 in sorted(attested.evidence.items()):
        subject = f"file of evidence {evidence_id}"
        try:
            data = storage.get(original_key(sha256))
        except (NotFound, OSError):
            return Disagreement(subject, "sha256", sha256, None)
        found = hashlib.sha256(data).hexdigest()
        if found != sha256:
            return Disagreement(subject, "sha256", sha256, found)
        check.files += 1
    return None


def verify_state(session: Session, storage: EvidenceStorage | None = None) -> StateCheck:
    """The chain, then the case rows, the evidence rows and (with ``storage``) the stored files."""
    attested = _Attested()
    check = StateCheck(walk_chain(session, attested.visit))
    if not check.chain.ok:
        return check
    check.cases = len(attested.cases)
    check.disagreement = _cases(session, attested) or _evidence(session, attested, check)
    if check.disagreement is None and storage is not None:
        check.disagreement = _files(storage, attested, check)
    return check
