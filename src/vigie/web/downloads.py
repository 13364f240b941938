"""The dossier as a download, for the API and the moderation page alike: PDF for people, JSON for
machines, ZIP with the evidence files, named ``vigie-dossier-CASE-DESTINATION.pdf|json|zip``."""

from __future__ import annotations

from fastapi.responses import JSONResponse, Response, StreamingResponse

from vigie.reports.dossier_export import Export
from vigie.reports.dossier_zip import chunks

PDF = "application/pdf"
ZIP = "application/zip"


def dossier_response(export: Export, *, attach_json: bool) -> Response:
    """The PDF and the ZIP are always attachments (the ZIP streamed from its temporary file); the
    JSON one only when asked (the page's download link), the API answering it inline."""
    disposition = {"content-disposition": f'attachment; filename="{export.file_name}"'}
    if export.format == "zip" and export.stream is not None:
        return StreamingResponse(chunks(export.stream), media_type=ZIP, headers=disposition)
    if export.format == "pdf":
        return Response(export.body, media_type=PDF, headers=disposition)
    return JSONResponse(
        export.dossier.model_dump(mode="json"), headers=disposition if attach_json else None
    )
