"""Verify pages: the result of a search (``/verifier``) and a practitioner's stable page
(``/praticien/{identifier}``), each with its JSON twin.

Each route makes ONE service call (``vigie.registry.verify.verify``) and renders its result, or
returns it as JSON: the page and the API cannot disagree. A handle or profile link typed in the
search box goes to ``reports.account_lookup`` instead: the physician a moderator confirmed the
account for, if any, and the public status of its reports (never the automatic risk analysis).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from vigie.accounts.public import with_accounts
from vigie.dates import long_date
from vigie.errors import InvalidInput, NotFound
from vigie.registry.identifiers import check_identifier
from vigie.registry.schemas_verify import VerifyResult
from vigie.registry.verify import verify
from vigie.reports.account_lookup import lookup_account
from vigie.reports.public_status import NOTHING
from vigie.reports.schemas_accounts import AccountLookup, AccountOwner
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.i18n import DEFAULT, request_language
from vigie.web.pages import present
from vigie.web.pages.account_status import status_sentence
from vigie.web.pages.negotiate import respond

router = APIRouter(include_in_schema=False)

MAX_QUERY = 200
# Homonyms are listed one line each, this many a page: with the count and the refining form the
# page fits two phone screens, whatever the number of namesakes.
PAGE_SIZE = 15
QueryText = Annotated[str, Query(max_length=MAX_QUERY)]
CityText = Annotated[str, Query(max_length=100)]
PageNumber = Annotated[int, Query(ge=1, le=25)]
_DEPARTMENT = re.compile(r"^(\d{2}|2[ABab]|97\d)$")


def _view(result: VerifyResult, lang: str) -> dict[str, Any]:
    """What the templates need besides the result itself: the result as the page's language
    shows it (``present.localise_result``), the extraction date written out in it."""
    return {
        "result": present.localise_result(result, lang),
        "source_date": long_date(result.source_date, lang),
        "long_date": lambda value: long_date(value, lang),
        "check_reason": present.identifier_reason(result.identifier_check, lang),
        "acts": present.ACTS,
        "style": present.status_style,
        "legal_line": present.legal_line,
        "phone_display": present.phone_display,
        "phone_href": present.phone_href,
        "official_directory": present.OFFICIAL_DIRECTORY,
    }


def _place(text: str) -> dict[str, str | None]:
    """The refining field takes a city, a postcode or a department: which one was typed."""
    value = text.strip()
    if value.isdigit() and len(value) == 5:
        return {"city": None, "postcode": value, "department": None}
    if _DEPARTMENT.match(value):
        return {"city": None, "postcode": None, "department": value.upper()}
    return {"city": value or None, "postcode": None, "department": None}


def _account_payload(query: str, found: AccountLookup | None, refusal: str) -> dict[str, Any]:
    """The JSON twin of the account page: the confirmed owner and the public status only (no
    risk, score or reasons); ``account`` is null when Vigie has nothing on the account."""
    known = None
    if found is not None and (found.owner or found.public_status != "no_reports"):
        known = {
            "platform": found.platform,
            "handle": found.handle,
            "url": found.url,
            "public_status": found.public_status,
            "message": found.message,
            "reports_under_review": found.reports_under_review,
            "forwarded": [
                {"destination": f.destination, "forwarded_at": f.forwarded_at.isoformat()}
                for f in found.forwarded
            ],
            "outcome": found.outcome,
        }
    return {
        "query": query,
        "kind": "account",
        "account": known,
        "owner": found.owner.model_dump(mode="json") if found and found.owner else None,
        "not_confirmed_for": [c.model_dump() for c in found.not_confirmed_for] if found else [],
        "public_status": found.public_status if found else NOTHING.public_status.value,
        "message": found.message if found else refusal,
    }


def _localised_owner(
    session: SessionDep, settings: SettingsDep, owner: AccountOwner, lang: str
) -> AccountOwner:
    """The owner's profession and verdicts in the page's language: the registry record is read
    again (one identifier lookup) because the owner carries only the French texts."""
    if lang == DEFAULT or not owner.in_registry:
        return owner
    result = verify(session, settings, owner.identifier, limit=1)
    record = next((c for c in result.candidates if c.identifier == owner.identifier), None)
    if record is None:
        return owner
    shown = present.localise(record, result.source_date, lang)
    return owner.model_copy(update={"profession": shown.profession, "verdicts": shown.verdicts})


def _account_page(
    request: Request, session: SessionDep, settings: SettingsDep, query: str, as_json: bool
) -> Response:
    found: AccountLookup | None = None
    refusal = ""
    try:
        found = lookup_account(session, settings, query)
    except InvalidInput as exc:  # a platform page, a post link, a short link: say what to paste
        refusal = exc.message
    payload = _account_payload(query, found, refusal)
    owner = found.owner if found else None
    lang = request_language(request)
    if owner is not None:
        owner = _localised_owner(session, settings, owner, lang)
    context = {
        "query": query,
        "found": found,
        "owner": owner,
        "refusal": refusal,
        "source_date": long_date(owner.source_date, lang) if owner else "",
        "long_date": lambda value: long_date(value, lang),
        "status_sentence": status_sentence(found, lang) if found else "",
        "acts": present.ACTS,
        "style": present.status_style,
        "legal_line": present.legal_line,
    }
    return respond(request, "account.html", context, payload, as_json=as_json)


def _verify_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: str,
    ville: str,
    page: int,
    as_json: bool,
) -> Response:
    query = q.strip()
    if not query:
        return respond(
            request, "verify_empty.html", {}, {"query": "", "candidates": []}, as_json=as_json
        )
    if present.looks_like_account(query):
        return _account_page(request, session, settings, query, as_json)
    limit = min(PAGE_SIZE * page, settings.search_limit_max)
    result = verify(session, settings, query, **_place(ville), limit=limit)
    first = min(PAGE_SIZE * (page - 1), max(len(result.candidates) - 1, 0))
    more = result.truncated or first + PAGE_SIZE < len(result.candidates)
    view = _view(result, request_language(request))
    shown = view["result"].candidates[first : first + PAGE_SIZE]
    context = {
        **view,
        "query": query,
        "city": ville.strip(),
        "shown": shown,
        "first": first,
        "page": page,
        "next_page": page + 1 if more and limit < settings.search_limit_max else None,
    }
    return respond(request, "result.html", context, result, as_json=as_json)


@router.get("/verifier.json")
def verify_json(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: QueryText = "",
    ville: CityText = "",
    page: PageNumber = 1,
) -> Response:
    return _verify_page(request, session, settings, q, ville, page, True)


@router.get("/verifier")
def verify_html(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    q: QueryText = "",
    ville: CityText = "",
    page: PageNumber = 1,
) -> Response:
    return _verify_page(request, session, settings, q, ville, page, False)


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
    candidate = with_accounts(session, found[0])
    lang = request_language(request)
    payload = {
        "source": result.source,
        "source_date": result.source_date,
        "practitioner": candidate,
    }
    # "Page consultée le …": a patient who scanned a badge sees the page is today's, not a copy.
    context = {
        **_view(result, lang),
        "candidate": present.localise(candidate, result.source_date, lang),
        "viewed_at": dt.datetime.now(dt.UTC),
    }
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
