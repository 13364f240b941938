"""JSON API of the registry domain under ``/api/v1``: verify practitioners, registry status.

Each route parses its input, makes one service call and returns the service's Pydantic model, so
the API, the CLI (``vigie verify --json``) and the pages return the same objects. Query strings are
bounded here (FastAPI answers 422 in the shared error shape) and again in the service.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from vigie.accounts.public import with_accounts
from vigie.accounts.schemas_handles import PractitionerWithAccounts
from vigie.registry import services as registry_services
from vigie.registry import verify as verify_service
from vigie.registry.schemas import RegistryStatus
from vigie.registry.schemas_verify import VerifyResult
from vigie.registry.search.inputs import MAX_PLACE_CHARS, MAX_QUERY_CHARS
from vigie.web.deps import SessionDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["registry"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No practitioner with this number in the current snapshot."},
    422: {"description": "Invalid input (e.g. a number that fails the RPPS check digit)."},
    503: {"description": "No registry snapshot has been loaded yet."},
}


@router.get(
    "/practitioners/{identifier}",
    response_model=PractitionerWithAccounts,
    responses=_ERRORS,
    summary="One practitioner by RPPS (11 digits), national form (8 + RPPS) or ADELI (9 digits), "
    "with the social-media accounts a moderator confirmed for them",
)
def get_practitioner(
    session: SessionDep,
    settings: SettingsDep,
    identifier: Annotated[str, Path(max_length=40, description="RPPS, 8+RPPS or ADELI number.")],
) -> PractitionerWithAccounts:
    found = verify_service.practitioner_by_identifier(session, settings, identifier)
    return with_accounts(session, found)


@router.get(
    "/practitioners",
    response_model=VerifyResult,
    responses=_ERRORS,
    summary="Search practitioners by free query (name, 'Dr Prénom Nom Ville', or a number)",
)
def search_practitioners(
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_QUERY_CHARS,
            description="Free query: a name in any order, optionally a city, or an RPPS/ADELI number.",
        ),
    ],
    city: Annotated[str | None, Query(max_length=MAX_PLACE_CHARS)] = None,
    postcode: Annotated[str | None, Query(max_length=10, description="5-digit postcode.")] = None,
    department: Annotated[str | None, Query(max_length=4, description="69, 2A, 974…")] = None,
    profession: Annotated[
        str | None, Query(max_length=40, description="Profession code (10 médecin) or name.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="At most search_limit_max.")] = 10,
) -> VerifyResult:
    return verify_service.verify(
        session,
        settings,
        q,
        city=city,
        postcode=postcode,
        department=department,
        profession=profession,
        limit=limit,
    )


@router.get(
    "/registry/status",
    response_model=RegistryStatus,
    summary="The current registry snapshot: source, extraction date, counts (loaded=false before any load)",
)
def get_registry_status(session: SessionDep) -> RegistryStatus:
    return registry_services.registry_status(session)
