"""Scan a post (``/analyser``): paste a post's text, see the risk and the reasons highlighted.

The text goes in a POST body (never in the URL: it may be long and personal) with the CSRF token.
One scanner call gives the result; the page highlights each reason's exact span with ``<mark>``
(escaped by the template), and ``Accept: application/json`` returns the scanner's result as is.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from vigie.scan.schemas import MAX_TEXT_CHARS, PostIn, PostResult
from vigie.scan.services import default_scanner
from vigie.web.pages.highlight import Span, pieces
from vigie.web.pages.negotiate import respond
from vigie.web.templating import render

router = APIRouter(include_in_schema=False)

EMPTY = "Collez le texte d'une publication à analyser."
RISK_STYLES = {
    "high": ("risk--high", "!", "Risque élevé"),
    "medium": ("risk--medium", "?", "Risque moyen"),
    "low": ("risk--low", "✓", "Risque faible"),
}


def _context(text: str, result: PostResult) -> dict[str, Any]:
    spans = [Span(r.start, r.end, i) for i, r in enumerate(result.reasons) if r.field == "text"]
    return {
        "text": text,
        "result": result,
        "pieces": pieces(text, spans),
        "risk_style": RISK_STYLES.get(result.risk.value, RISK_STYLES["medium"]),
        "max_chars": MAX_TEXT_CHARS,
    }


@router.get("/analyser")
def analyse_form(request: Request) -> Response:
    return render(
        request, "analyse.html", {"text": "", "result": None, "max_chars": MAX_TEXT_CHARS}
    )


@router.post("/analyser")
def analyse_post(
    request: Request,
    text: Annotated[str, Form(max_length=MAX_TEXT_CHARS)] = "",
) -> Response:
    if not text.strip():
        context = {"text": "", "result": None, "max_chars": MAX_TEXT_CHARS, "error": EMPTY}
        return render(request, "analyse.html", context, status_code=422)
    result = default_scanner().scan_post(PostIn(text=text))
    return respond(request, "analyse.html", _context(text, result), result)
