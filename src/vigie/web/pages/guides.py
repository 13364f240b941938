"""Guide pages: the list of sheets and one sheet, in the reader's language, with JSON twins.

A sheet marked ``reporting`` carries a "where to report near you" box: the reader picks her
département (``?departement=33``), the page names the ARS of its région. Départements and their
régions come from Etalab's official administrative division, as ``vigie.reports.addressees`` reads
it for dossiers; the agencies' sites are the guides' own table (``vigie.guides.reporting``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from vigie.dates import long_date
from vigie.guides.reporting import NATIONAL_PORTAL, Agency, agency_of_region
from vigie.guides.services import get_sheet, list_sheets
from vigie.guides.sheets import Sheet
from vigie.reports.addressees import DIVISIONS, department
from vigie.web.i18n import request_language
from vigie.web.pages.negotiate import respond

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class LocalReport:
    """The answer to "where do I report?" for one département asked (``asked`` as typed)."""

    asked: str
    department: str = ""
    department_name: str = ""
    agency: Agency | None = None

    def as_json(self) -> dict[str, Any]:
        agency = self.agency
        return {
            "national_portal": NATIONAL_PORTAL,
            "department": self.department or None,
            "department_name": self.department_name or None,
            "agency": {"region": agency.region, "name": agency.name, "url": agency.url}
            if agency
            else None,
        }


@cache
def departments() -> tuple[tuple[str, str], ...]:
    """The départements that have an ARS as (code, name), in reading order (2A and 2B after 19).

    The overseas collectivities (975, 977…) have no ARS of their own and are left out of the list;
    asked by code, they get a plain "no agency known" and the national portal.
    """
    data = json.loads(DIVISIONS.read_text(encoding="utf-8"))["departements"]
    pairs = (
        (code, str(entry["nom"]))
        for code, entry in data.items()
        if agency_of_region(str(entry["region"])) is not None
    )
    return tuple(sorted(pairs, key=lambda pair: pair[0].replace("2A", "20A").replace("2B", "20B")))


def local_report(asked: str) -> LocalReport:
    """The ARS for a département code; an unknown code keeps what was asked, to be said back."""
    code = asked.strip().upper()[:3]
    place = department(code) if code else None
    if place is None:
        return LocalReport(asked=asked.strip()[:10])
    return LocalReport(code, place.code, place.name, agency_of_region(place.region))


def sheet_json(sheet: Sheet, *, full: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": sheet.slug,
        "lang": sheet.lang,
        "title": sheet.title,
        "summary": sheet.summary,
        "url": f"/guides/{sheet.slug}",
        "reviewed": sheet.reviewed.isoformat() if sheet.reviewed else None,
    }
    if full:
        data |= {"markdown": sheet.markdown, "html": sheet.html, "sources": sheet.sources}
    return data


def _index(request: Request, as_json: bool) -> Response:
    sheets = list_sheets(request_language(request))
    payload = {"guides": [sheet_json(sheet, full=False) for sheet in sheets]}
    return respond(request, "guides.html", {"sheets": sheets}, payload, as_json=as_json)


def _sheet(request: Request, slug: str, as_json: bool) -> Response:
    lang = request_language(request)
    sheet = get_sheet(slug, lang)
    others = [s for s in list_sheets(lang) if s.slug != sheet.slug]
    report = local_report(request.query_params.get("departement", ""))
    payload = sheet_json(sheet, full=True)
    if sheet.reporting:
        payload["reporting"] = report.as_json()
    context = {
        "sheet": sheet,
        "others": others,
        "reviewed": long_date(sheet.reviewed, sheet.lang) if sheet.reviewed else "",
        "report": report,
        "departments": departments() if sheet.reporting else (),
        "national_portal": NATIONAL_PORTAL,
    }
    return respond(request, "guide.html", context, payload, as_json=as_json)


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
