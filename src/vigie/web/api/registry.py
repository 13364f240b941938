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
from vigie.errors import NotFound
from vigie.registry import services as registry_services
from vigie.registry import verify as verify_service
from vigie.registry.schemas import RegistryStatus
from vigie.registry.schemas_verify import VerifyResult
from vigie.registry.search.inputs import MAX_PLACE_CHARS, MAX_QUERY_CHARS
from vigie.web.api.params import (
    REGISTRY_DEPARTMENT,
    RPPS_OR_ADELI,
    refusals_as,
    search_text,
)
from vigie.web.deps import SessionDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["registry"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No practitioner with this number in the current snapshot."},
    422: {"description": "Invalid input: the field is named."},
    503: {"description": "No registry snapshot has been loaded yet."},
}
# A number of the right length whose check digit (Luhn) is wrong names nobody: no schema can say
# it, so it is a 404 like a number the registry does not hold, its message naming the check digit.
_BY_NUMBER = _ERRORS | {
    404: {
        "description": "No practitioner with this number in the current snapshot, or a number "
        "whose check digit is wrong (the message says which)."
    }
}
# Professions the search knows by name (``PROFESSION_ALIASES``, accents and case folded), or a code.
_PROFESSION = (
    r"^([0-9]{1,3}|medecin|pharmacien|chirurgien dentiste|dentiste|sage femme|infirmier|"
    r"infirmiere|masseur kinesitherapeute|kinesitherapeute)$"
)


@router.get(
    "/practitioners/{identifier}",
    response_model=PractitionerWithAccounts,
    responses=_BY_NUMBER,
    summary="One practitioner by RPPS (11 digits), national form (8 + RPPS) or ADELI (9 digits), "
    "with the social-media accounts a moderator confirmed for them",
)
def get_practitioner(
    session: SessionDep,
    settings: SettingsDep,
    identifier: Annotated[
        str,
        Path(
            max_length=40,
            pattern=RPPS_OR_ADELI,
            description="RPPS (11 digits), 8+RPPS (12) or ADELI (9) number, no separator.",
        ),
    ],
) -> PractitionerWithAccounts:
    with refusals_as(NotFound):
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
            json_schema_extra={"pattern": search_text(1, MAX_QUERY_CHARS)},  # the search checks it
            description="Free query: a name in any order, optionally a city, or an RPPS/ADELI number.",
        ),
    ],
    city: Annotated[
        str | None,
        Query(
            max_length=MAX_PLACE_CHARS,
            json_schema_extra={"pattern": search_text(0, MAX_PLACE_CHARS)},
        ),
    ] = None,
    postcode: Annotated[
        str | None, Query(max_length=10, pattern=r"^[0-9]{5}$", description="5-digit postcode.")
    ] = None,
    department: Annotated[
        str | None, Query(max_length=4, pattern=REGISTRY_DEPARTMENT, description="69, 2A, 974…")
    ] = None,
    profession: Annotated[
        str | None,
        Query(
            max_length=40,
            pattern=_PROFESSION,
            description="Profession code (10 médecin) or name (medecin, infirmier…).",
        ),
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
