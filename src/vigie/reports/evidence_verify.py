"""Re-checking one evidence file: its bytes against the SHA-256 recorded at receipt, and its RFC
3161 token against both (``vigie evidence verify``).

The token must attest the recorded SHA-256, the stored file must still hash to it, and the token's
signature must chain to the TSA's CA (``openssl ts -verify``, the check recipients run too).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sqlalchemy.orm import Session

from vigie.dates import french_datetime
from vigie.errors import NotFound
from vigie.reports.models import Evidence
from vigie.reports.storage import EvidenceStorage, original_key
from vigie.reports.timestamps import (
    PENDING,
    TimestampError,
    openssl_verify,
    stored_token,
    token_info,
    tokens_by_evidence,
)


class Verdict(Enum):
    OK = 0
    WRONG = 1
    NO_TOKEN = 2


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    message: str


def verify_evidence(
    session: Session, storage: EvidenceStorage, evidence_id: int, ca_file: Path | None
) -> Verification:
    row = session.get(Evidence, evidence_id)
    if row is None:
        raise NotFound(f"No evidence {evidence_id}.")
    stamp = tokens_by_evidence(session, [evidence_id]).get(evidence_id)
    token = stored_token(stamp)
    if token is None:
        why = "its timestamp is pending" if stamp and stamp.status == PENDING else "none was asked"
        detail = f" (last error: {stamp.last_error})" if stamp and stamp.last_error else ""
        return Verification(
            Verdict.NO_TOKEN, f"Evidence {evidence_id} has no token: {why}{detail}."
        )
    try:
        data = storage.get(original_key(row.sha256))
    except NotFound:
        return Verification(Verdict.WRONG, f"Evidence {evidence_id}: the stored file is missing.")
    if hashlib.sha256(data).hexdigest() != row.sha256:
        return Verification(
            Verdict.WRONG,
            f"Evidence {evidence_id}: the stored file changed since receipt (its SHA-256 is no "
            f"longer {row.sha256}).",
        )
    try:
        digest, _time, _nonce = token_info(token.der)
    except TimestampError as exc:
        return Verification(Verdict.WRONG, f"Evidence {evidence_id}: {exc}.")
    if digest != row.sha256:
        return Verification(
            Verdict.WRONG, f"Evidence {evidence_id}: the token is for another hash ({digest})."
        )
    if ca_file is None:
        return Verification(
            Verdict.WRONG,
            f"Evidence {evidence_id}: the token's signature cannot be checked without the TSA's CA "
            "(set VIGIE_TSA_CA_FILE or pass --ca-file).",
        )
    problem = openssl_verify(token.der, row.sha256, ca_file)
    if problem is not None:
        return Verification(
            Verdict.WRONG, f"Evidence {evidence_id}: the token does not verify: {problem}."
        )
    return Verification(
        Verdict.OK,
        f"Evidence {evidence_id}: token from {token.tsa} of {french_datetime(token.time)} "
        f"verifies for SHA-256 {row.sha256}.",
    )
