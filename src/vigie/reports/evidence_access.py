"""Serving evidence to moderators: previews inline, originals only as downloads.

Originals are the untouched bytes (a PDF may contain scripts): they are sent as attachments with
``nosniff`` and a sandboxing CSP, never rendered in Vigie's origin. Previews are re-encoded JPEGs.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.responses import Response

from vigie.errors import NotFound
from vigie.reports.models import Evidence
from vigie.reports.storage import EvidenceStorage, original_key, preview_key

SAFE_HEADERS = {
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "cache-control": "private, no-store",
}


def evidence_file(
    session: Session, storage: EvidenceStorage, evidence_id: int, *, preview: bool
) -> Response:
    row = session.get(Evidence, evidence_id)
    if row is None:
        raise NotFound(f"No evidence {evidence_id}.")
    if preview:
        if not row.has_preview:
            raise NotFound("This evidence has no image preview.")
        return Response(
            storage.get(preview_key(row.sha256)), media_type="image/jpeg", headers=SAFE_HEADERS
        )
    extension = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}.get(
        row.media_type, "pdf"
    )
    headers = SAFE_HEADERS | {
        "content-disposition": f'attachment; filename="evidence-{row.id}-{row.sha256[:12]}.{extension}"'
    }
    return Response(
        storage.get(original_key(row.sha256)), media_type=row.media_type, headers=headers
    )
