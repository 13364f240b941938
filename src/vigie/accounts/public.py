"""What patients see of a physician's accounts: the confirmed ones, on their practitioner page,
in the practitioner API and beside their verdicts."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from vigie.accounts.handles import ConfirmedAccount, confirmed_accounts, confirmed_accounts_of
from vigie.accounts.schemas_handles import PractitionerWithAccounts, PublicAccount
from vigie.registry.schemas_verify import Candidate
from vigie.social import AccountKey, Platform


def _public(account: ConfirmedAccount) -> PublicAccount:
    return PublicAccount(
        platform=account.platform,
        handle=AccountKey(Platform(account.platform), account.handle).shown,
        url=account.url,
        confirmed_at=account.confirmed_at,
    )


def public_accounts(session: Session, rpps: str) -> list[PublicAccount]:
    return [_public(a) for a in confirmed_accounts(session, rpps)]


def public_accounts_of(
    session: Session, numbers: Collection[str]
) -> dict[str, list[PublicAccount]]:
    """``public_accounts`` of many physicians in one query; absent numbers have none."""
    found = confirmed_accounts_of(session, numbers)
    return {number: [_public(a) for a in accounts] for number, accounts in found.items()}


def with_accounts(session: Session, candidate: Candidate) -> PractitionerWithAccounts:
    """A registry practitioner with the accounts confirmed for them (physicians only have any)."""
    accounts = public_accounts(session, candidate.identifier)
    return PractitionerWithAccounts(**candidate.model_dump(), accounts=accounts)
