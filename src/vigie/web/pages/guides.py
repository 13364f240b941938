"""Guide pages: the list of sheets and one sheet, in the reader's language, with JSON twins."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from vigie.guides.services import get_sheet, list_sheets
from vigie.guides.sheets import Sheet
from vigie.web.i18n import request_language
from vigie.web.pages.negotiate import respond

router = APIRouter(include_in_schema=False)


def sheet_json(sheet: Sheet, *, full: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": sheet.slug,
        "lang": sheet.lang,
        "title": sheet.title,
        "summary": sheet.summary,
        "url": f"/guides/{sheet.slug}",
    }
    if full:
        data |= {"markdown": sheet.markdown, "html": sheet.html, "sources": sheet.sources}
    return data


def _index(request: Request, as_json: bool) -> Response:
    sheets = list_sheets(request_language(request))
    payload = {"guides": [sheet_json(sheet, full=False) for sheet in sheets]}
    return respond(request, "guides.html", {"sheets": sheets}, payload, as_json=as_json)


def _sheet(request: Request, slug: str, as_json: bool) -> Response:
    sheet = get_sheet(slug, request_language(request))
    others = [s for s in list_sheets(request_language(request)) if s.slug != sheet.slug]
    context = {"sheet": sheet, "others": others}
    return respond(request, "guide.html", context, sheet_json(sheet, full=True), as_json=as_json)


@router.get("/guides.json")
def guides_json(request: Request) -> Response:
    return _index(request, True)


@router.get("/guides")
def guides_html(request: Request) -> Response:
    return _index(request, False)


@router.get("/guides/{slug}.json")
def guide_json(request: Request, slug: str) -> Response:
    return _sheet(request, slug, True)


@router.get("/guides/{slug}")
def guide_html(request: Request, slug: str) -> Response:
    return _sheet(request, slug, False)
