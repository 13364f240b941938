"""Verify pages: the result of a search (``/verifier``) and a practitioner's stable page
(``/praticien/{identifier}``), each with its JSON twin.

Each route makes ONE service call (``vigie.registry.verify.verify``) and renders its result, or
returns it as JSON: the page and the API cannot disagree. A handle or profile link typed in the
search box goes to the reports service instead, which says what Vigie knows of that account
(reports, case status, risk) and never guesses who is behind it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from vigie.errors import NotFound
from vigie.registry.identifiers import check_identifier
from vigie.registry.schemas_verify import VerifyResult
from vigie.registry.verify import verify
from vigie.reports.public_status import NOTHING, PublicAccountStatus
from vigie.reports.services import AccountSummary, public_account_summary
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.pages import present
from vigie.web.pages.negotiate import respond

router = APIRouter(include_in_schema=False)

MAX_QUERY = 200
RESULT_LIMIT = 10
QueryText = Annotated[str, Query(max_length=MAX_QUERY)]
CityText = Annotated[str, Query(max_length=100)]


def _view(result: VerifyResult) -> dict[str, Any]:
    """What the templates need besides the result itself."""
    return {
        "result": result,
        "source_date": present.french_date(result.source_date),
        "acts": present.ACTS,
        "style": present.status_style,
        "legal_line": present.legal_line,
    }


def _account_payload(
    query: str, summary: AccountSummary | None, status: PublicAccountStatus
) -> dict[str, Any]:
    """The JSON twin of the account page: the public status only (no risk, score or reasons)."""
    known = None
    if summary is not None:
        known = {
            "platform": summary.platform,
            "handle": summary.handle,
            "public_status": status.public_status.value,
            "message": status.message,
            "reports_under_review": status.reports_under_review,
            "forwarded": [
                {"destination": note.destination, "forwarded_at": note.forwarded_at.isoformat()}
                for note in status.forwarded
            ],
            "outcome": status.outcome.value if status.outcome else None,
        }
    return {
        "query": query,
        "kind": "account",
        "account": known,
        "public_status": status.public_status.value,
        "message": status.message,
    }


def _account_page(request: Request, session: SessionDep, query: str, as_json: bool) -> Response:
    summary = public_account_summary(session, query)
    status = summary.status if summary is not None else NOTHING
    payload = _account_payload(query, summary, status)
    context = {"query": query, "summary": summary, "status": status}
    return respond(request, "account.html", context, payload, as_json=as_json)


def _verify_page(
    request: Request, session: SessionDep, settings: SettingsDep, q: str, ville: str, as_json: bool
) -> Response:
    query = q.strip()
    if not query:
        return respond(
            request, "verify_empty.html", {}, {"query": "", "candidates": []}, as_json=as_json
        )
    if present.looks_like_account(query):
        return _account_page(request, session, query, as_json)
    result = verify(session, settings, query, city=ville.strip() or None, limit=RESULT_LIMIT)
    context = {**_view(result), "query": query, "city": ville.strip()}
    return respond(request, "result.html", context, result, as_json=as_json)


@router.get("/verifier.json")
def verify_json(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: QueryText = "",
    ville: CityText = "",
) -> Response:
    return _verify_page(request, session, settings, q, ville, True)


@router.get("/verifier")
def verify_html(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: QueryText = "",
    ville: CityText = "",
) -> Response:
    return _verify_page(request, session, settings, q, ville, False)


def _practitioner_page(
    request: Request, session: SessionDep, settings: SettingsDep, identifier: str, as_json: bool
) -> Response:
    check = check_identifier(identifier[:40])
    if check is None or not check.valid:
        raise NotFound(
            "Ce numéro n'est pas un numéro RPPS ou ADELI valide.",
            details={"identifier": identifier[:40]},
        )
    result = verify(session, settings, check.value, limit=1)
    found = [c for c in result.candidates if c.identifier == check.value]
    if not found:
        raise NotFound(
            "Aucun professionnel avec ce numéro dans le registre public RPPS.",
            details={"identifier": check.value},
        )
    candidate = found[0]
    payload = {
        "source": result.source,
        "source_date": result.source_date,
        "practitioner": candidate,
    }
    context = {**_view(result), "candidate": candidate}
    return respond(request, "practitioner.html", context, _jsonable(payload), as_json=as_json)


def _jsonable(payload: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in payload.items():
        dump = getattr(value, "model_dump", None)
        out[key] = (
            dump(mode="json")
            if dump
            else (value.isoformat() if hasattr(value, "isoformat") else value)
        )
    return out


@router.get("/praticien/{identifier}.json")
def practitioner_json(
    request: Request, session: SessionDep, settings: SettingsDep, identifier: str
) -> Response:
    return _practitioner_page(request, session, settings, identifier, True)


@router.get("/praticien/{identifier}")
def practitioner_html(
    request: Request, session: SessionDep, settings: SettingsDep, identifier: str
) -> Response:
    return _practitioner_page(request, session, settings, identifier, False)
