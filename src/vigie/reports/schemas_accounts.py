"""The public answer about a social-media account (``GET /api/v1/accounts/…``, the ``/verifier``
account page and its JSON twin): a confirmed owner, the public status, and never a risk."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from vigie.accounts.schemas_handles import UtcDatetime
from vigie.registry.schemas_verify import Verdicts


class AccountOwner(BaseModel):
    """The physician a moderator confirmed this account for, as the registry shows them today."""

    identifier: str
    last_name: str = ""
    first_name: str = ""
    title: str = ""
    profession: str = ""
    verdicts: Verdicts | None = Field(
        default=None, description="Null when the number is no longer in the public registry."
    )
    source_date: dt.date | None = Field(default=None, description="Registry extraction date.")
    confirmed_at: UtcDatetime
    in_registry: bool


class ForwardedOut(BaseModel):
    destination: str
    forwarded_at: UtcDatetime


class CitedPhysician(BaseModel):
    """A physician whose RPPS number the account's reports or posts cite, who has not confirmed
    the account as theirs."""

    identifier: str
    name: str
    message: str


class AccountLookup(BaseModel):
    query: str
    platform: str | None = Field(description="Null for a bare @handle whose platform is unknown.")
    handle: str
    url: str | None
    owner: AccountOwner | None
    public_status: str = Field(description="no_reports | under_review | forwarded | closed")
    message: str
    reports_under_review: int | None
    forwarded: list[ForwardedOut]
    outcome: str | None
    closed_at: UtcDatetime | None = Field(
        default=None, description="When the case was closed (status closed only)."
    )
    not_confirmed_for: list[CitedPhysician]
