"""The directory page ``/trouver?acte=…&lieu=…`` and its JSON twin ``/trouver.json``.

One service call (``vigie.web.directory.directory``) renders the page or returns its result as
JSON. Without a place the page shows the form and the ranking formula; a place Vigie cannot read
gives the form again with what to type, never a 500.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from vigie.dates import long_date
from vigie.errors import InvalidInput
from vigie.registry.search.directory import RANKING
from vigie.web import directory as service
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.i18n import registry_label, request_language
from vigie.web.pages import present
from vigie.web.pages.negotiate import respond

router = APIRouter(include_in_schema=False)

ActText = Annotated[str, Query(max_length=40)]
PlaceText = Annotated[str, Query(max_length=service.MAX_PLACE)]
# French words a patient may find in a link, beside the API's act names.
ALIASES = {
    "acide-hyaluronique": "ha_filler",
    "toxine": "botulinum_toxin",
    "toxine-botulique": "botulinum_toxin",
    "mesotherapie": "mesotherapy",
}


def _page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    acte: str,
    lieu: str,
    as_json: bool,
) -> Response:
    act = ALIASES.get(acte.strip().lower(), acte.strip().lower()) or "botulinum_toxin"
    lang = request_language(request)
    context: dict[str, Any] = {
        "acts": present.ACTS,
        "act": act,
        "place": lieu.strip(),
        "ranking": RANKING,
        "result": None,
        "error": "",
        "phone_display": present.phone_display,
        "phone_href": present.phone_href,
        "label": lambda text: registry_label(text, lang),
    }
    if not lieu.strip():
        empty: dict[str, Any] = {
            "act": act,
            "place": None,
            "ranking": RANKING,
            "results": [],
            "total": 0,
        }
        return respond(request, "directory.html", context, empty, as_json=as_json)
    try:
        result = service.directory(session, settings, act, lieu)
    except InvalidInput as exc:
        if as_json:
            raise
        context["error"] = exc.message
        return respond(request, "directory.html", context, {}, status_code=422)
    context |= {"result": result, "source_date": long_date(result.source_date, lang)}
    return respond(request, "directory.html", context, result, as_json=as_json)


@router.get("/trouver.json")
def directory_json(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    acte: ActText = "",
    lieu: PlaceText = "",
) -> Response:
    return _page(request, session, settings, acte, lieu, True)


@router.get("/trouver")
def directory_html(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    acte: ActText = "",
    lieu: PlaceText = "",
) -> Response:
    return _page(request, session, settings, acte, lieu, False)
