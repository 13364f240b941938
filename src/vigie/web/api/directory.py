"""``GET /api/v1/directory``: authorised physicians for an act near a place (public, no sign-in).

The same service and response model as ``/trouver.json``; the ranking formula travels with every
answer (``ranking``), so a program shows it as the page does.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from vigie.errors import NotFound
from vigie.web import directory as service
from vigie.web.api.params import refusals_as
from vigie.web.deps import SessionDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["registry"])

# Which communes exist is data (the COG table), not a shape: a place naming none is a 404.
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "The place names no commune, postcode or département."},
    422: {"description": "Unknown act, or a limit out of range."},
    503: {"description": "No registry snapshot has been loaded yet."},
}


@router.get(
    "/directory",
    response_model=service.DirectoryResult,
    responses=_ERRORS,
    summary="Registered physicians whose verdict for an act is authorised, near a commune, "
    "postcode or département, ranked by a public formula (no payment, rating or review)",
)
def get_directory(
    session: SessionDep,
    settings: SettingsDep,
    act: Annotated[service.ActName, Query(description="The act asked about.")],
    place: Annotated[
        str,
        Query(
            min_length=1,
            max_length=service.MAX_PLACE,
            description="A commune ('Lyon'), a postcode ('69006') or a département ('69', 'Rhône').",
        ),
    ],
    limit: Annotated[int, Query(ge=1, le=service.MAX_LIMIT)] = service.DEFAULT_LIMIT,
) -> service.DirectoryResult:
    with refusals_as(NotFound):
        return service.directory(session, settings, act, place, limit)
