"""Public JSON API about social-media accounts: who a moderator confirmed an account for, and its
public status (``reports.account_lookup``; never a risk, a score or reasons)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from vigie.errors import NotFound
from vigie.reports.account_lookup import lookup_account
from vigie.reports.schemas_accounts import AccountLookup
from vigie.web.api.params import PlatformName, refusals_as
from vigie.web.deps import SessionDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["accounts"])

# What an account spelling may be (each platform's names and ids, its profile and post links,
# its reserved pages, short links, phone numbers) is a grammar no schema pattern can carry. A text
# that names no account names nothing this lookup can find, so it is a 404 whose message says
# what to paste instead (the /verifier page shows the same message beside the field).
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "The text names no account (the message says what to paste instead)."},
    422: {"description": "An unknown platform, or a text over its length."},
}


@router.get(
    "/accounts/{platform}/{handle}",
    response_model=AccountLookup,
    responses=_ERRORS,
    summary="What Vigie may say about one account: confirmed owner and public status",
)
def get_account(
    session: SessionDep,
    settings: SettingsDep,
    platform: Annotated[PlatformName, Path(description="instagram, tiktok, … phone")],
    handle: Annotated[str, Path(max_length=300, description="Username, id or phone number.")],
) -> AccountLookup:
    with refusals_as(NotFound):
        return lookup_account(session, settings, handle, platform)


@router.get(
    "/accounts",
    response_model=AccountLookup,
    responses=_ERRORS,
    summary="The same, for any spelling of an account (profile or post URL, @handle, phone)",
)
def find_account(
    session: SessionDep,
    settings: SettingsDep,
    q: Annotated[str, Query(min_length=1, max_length=300, description="Any spelling.")],
) -> AccountLookup:
    with refusals_as(NotFound):
        return lookup_account(session, settings, q)
