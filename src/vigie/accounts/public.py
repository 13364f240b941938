"""What patients see of a physician's accounts: the confirmed ones, on their practitioner page,
in the practitioner API and beside their verdicts."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vigie.accounts.handles import confirmed_accounts
from vigie.accounts.schemas_handles import PractitionerWithAccounts, PublicAccount
from vigie.registry.schemas_verify import Candidate
from vigie.social import AccountKey, Platform


def public_accounts(session: Session, rpps: str) -> list[PublicAccount]:
    return [
        PublicAccount(
            platform=a.platform,
            handle=AccountKey(Platform(a.platform), a.handle).shown,
            url=a.url,
            confirmed_at=a.confirmed_at,
        )
        for a in confirmed_accounts(session, rpps)
    ]


def with_accounts(session: Session, candidate: Candidate) -> PractitionerWithAccounts:
    """A registry practitioner with the accounts confirmed for them (physicians only have any)."""
    accounts = public_accounts(session, candidate.identifier)
    return PractitionerWithAccounts(**candidate.model_dump(), accounts=accounts)
