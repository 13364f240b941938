"""The dossier as a download, for the API and the moderation page alike: PDF for people, JSON for
machines, named ``vigie-dossier-CASE-DESTINATION.pdf|json``."""

from __future__ import annotations

from fastapi.responses import JSONResponse, Response

from vigie.reports.dossier import render_pdf
from vigie.reports.schemas_dossier import Dossier

PDF = "application/pdf"


def dossier_response(data: Dossier, format: str, *, attach_json: bool) -> Response:
    """The PDF is always an attachment; the JSON one only when asked (the page's download link),
    the API answering it inline."""
    name = f"vigie-dossier-{data.dossier.case_id}-{data.dossier.destination}.{format}"
    disposition = {"content-disposition": f'attachment; filename="{name}"'}
    if format == "pdf":
        return Response(render_pdf(data), media_type=PDF, headers=disposition)
    return JSONResponse(data.model_dump(mode="json"), headers=disposition if attach_json else None)
