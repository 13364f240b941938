"""Evidence as numbered annexes of a dossier, checked against the SHA-256 recorded at receipt.

Annexes are numbered 1, 2, … in the order the evidence was received, the same in the PDF, the JSON
and the ZIP (``annexe-01.png``…). Before any export every original is read back and hashed: a file
that changed on disk (or vanished) stops the export with ``Conflict`` naming the annex, since a
dossier whose annexes do not match their printed fingerprints would be worthless to its reader.
Images are shown in the PDF through their preview (re-encoded pixels, without the metadata of the
reporter's phone); one that cannot be decoded is listed with the reason instead of embedded.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image

from vigie.errors import Conflict, NotFound
from vigie.reports.evidence import refuse_truncated_images
from vigie.reports.schemas_cases import CaseDetail, EvidenceView
from vigie.reports.storage import EvidenceStorage, original_key, preview_key
from vigie.reports.timestamps import Token

EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "application/pdf": "pdf",
}


@dataclass(frozen=True)
class Annex:
    number: int
    report_id: int
    evidence: EvidenceView
    token: Token | None
    pending: bool

    @property
    def file_name(self) -> str:
        return f"annexe-{self.number:02d}.{EXTENSIONS.get(self.evidence.media_type, 'bin')}"


@dataclass(frozen=True)
class Picture:
    """What the PDF shows for an image annex: JPEG bytes, or why it cannot be shown."""

    data: bytes | None
    problem: str


def annexes_of(case: CaseDetail, tokens: dict[int, Token | None], pending: set[int]) -> list[Annex]:
    items = sorted(
        ((e, r.report_id) for r in case.reports for e in r.evidence),
        key=lambda pair: pair[0].evidence_id,
    )
    return [
        Annex(n, report_id, e, tokens.get(e.evidence_id), e.evidence_id in pending)
        for n, (e, report_id) in enumerate(items, start=1)
    ]


def integrity_problem(storage: EvidenceStorage, annex: Annex) -> str | None:
    """Why the stored original no longer is what was received, or ``None`` when it is."""
    try:
        data = storage.get(original_key(annex.evidence.sha256))
    except NotFound:
        return "le fichier original est introuvable dans le stockage"
    if hashlib.sha256(data).hexdigest() != annex.evidence.sha256:
        return "le fichier original a été modifié depuis sa réception (empreinte différente)"
    return None


def check_integrity(storage: EvidenceStorage, annexes: list[Annex]) -> None:
    """``Conflict`` naming the first annex whose stored file does not match its fingerprint."""
    for annex in annexes:
        problem = integrity_problem(storage, annex)
        if problem is not None:
            raise Conflict(
                f"Annexe {annex.number} (pièce n° {annex.evidence.evidence_id}) : {problem}. "
                "Le dossier n'est pas exporté.",
                details={"annex": annex.number, "evidence_id": annex.evidence.evidence_id},
            )


def problems(storage: EvidenceStorage, annexes: list[Annex]) -> dict[int, str]:
    """Every integrity problem by evidence id (for the case page, which must show them all)."""
    found = {a.evidence.evidence_id: integrity_problem(storage, a) for a in annexes}
    return {key: value for key, value in found.items() if value is not None}


def picture(storage: EvidenceStorage, annex: Annex) -> Picture:
    """The JPEG the PDF embeds for an image annex, decoded first so a broken one is named."""
    key = preview_key(annex.evidence.sha256) if annex.evidence.has_preview else None
    try:
        data = storage.get(key) if key else storage.get(original_key(annex.evidence.sha256))
    except NotFound:
        return Picture(None, "reproduction introuvable dans le stockage")
    refuse_truncated_images()
    try:
        with Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP"]) as image:
            image.load()
            if image.format != "JPEG":
                out = io.BytesIO()
                image.convert("RGB").save(out, format="JPEG", quality=85)
                data = out.getvalue()
    except Exception as exc:  # Pillow raises many kinds on a broken file
        return Picture(None, f"image illisible ({type(exc).__name__}) : voir le fichier joint")
    return Picture(data, "")
