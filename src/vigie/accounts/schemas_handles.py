"""What the API returns about account claims, and a practitioner with their confirmed accounts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from vigie.accounts.handles import HandleClaim
from vigie.registry.schemas_verify import Candidate


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# A stored time as the API says it: with its offset (``format: date-time`` is RFC 3339, which has
# one). SQLite hands back naive UTC times, PostgreSQL aware ones; both answer the same string.
UtcDatetime = Annotated[dt.datetime, AfterValidator(_utc)]


class HandleClaimOut(BaseModel):
    """A claim of a social-media account (``POST /api/v1/me/handles`` and the moderators' list)."""

    id: int
    platform: str
    handle: str
    url: str
    status: str = Field(description="pending | confirmed | rejected")
    code: str = Field(description="The one-time code to put in the account's bio.")
    account: str = Field(description="platform:@handle, as before claims existed.")
    created_at: UtcDatetime
    decided_at: UtcDatetime | None

    @classmethod
    def of(cls, claim: HandleClaim) -> HandleClaimOut:
        return cls(
            id=claim.id,
            platform=claim.platform,
            handle=claim.shown,
            url=claim.url,
            status=claim.status.value,
            code=claim.code,
            account=claim.label,
            created_at=claim.created_at,
            decided_at=claim.decided_at,
        )


class HandleClaimList(BaseModel):
    claims: list[HandleClaimOut]


class PublicAccount(BaseModel):
    """A physician's account confirmed by a moderator, as shown on their practitioner page."""

    platform: str
    handle: str
    url: str
    confirmed_at: UtcDatetime


class PractitionerWithAccounts(Candidate):
    accounts: list[PublicAccount] = Field(
        description="The physician's social-media accounts a moderator confirmed (only those)."
    )
