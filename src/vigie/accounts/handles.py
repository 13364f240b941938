"""Social-media accounts users say are theirs: claims, a moderator's decision, confirmed owners.

A physician claims ``@dr.elodie.lyon``; Vigie gives a one-time code to put in the account's bio
and takes a screenshot of the profile showing it; a moderator compares and decides. Only then does
a patient who pastes that account see "Compte confirmé de Dr X". Until then the link is a claim,
and anybody may claim any account: letting the first claimant own it would let an impostor block
the real owner. At most one claim per account is confirmed (a partial unique index backs the check
below, so two moderators accepting two claimants at once cannot both win). An account is
confirmed for a *physician*: accepting needs the claimant's RPPS identity confirmed first, because
what patients are shown is that physician's registry entry.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vigie.accounts.models import LinkedHandle, User
from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser, utcnow
from vigie.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from vigie.social import AccountKey, Platform, normalise_account

CODE_PREFIX = "VIGIE-"


class ClaimStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass(frozen=True)
class HandleClaim:
    """One claim as its claimant and the moderators see it."""

    id: int
    user_id: int
    platform: str
    handle: str
    url: str
    status: ClaimStatus
    code: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    has_evidence: bool

    @property
    def label(self) -> str:
        return f"{self.platform}:@{self.handle}"

    @property
    def shown(self) -> str:
        return _key(self.platform, self.handle).shown


@dataclass(frozen=True)
class PendingHandleClaim:
    """A claim awaiting a moderator, with what the decision needs beside it."""

    claim: HandleClaim
    email: str
    rpps: str | None
    rpps_status: str
    other_claims: int  # other users claiming the same account, any status
    confirmed_for_other: bool


@dataclass(frozen=True)
class ConfirmedAccount:
    """A physician's account confirmed by a moderator: the only kind ever shown publicly."""

    platform: str
    handle: str
    url: str
    confirmed_at: dt.datetime
    rpps: str
    user_id: int


def _key(platform: str, handle: str) -> AccountKey:
    return AccountKey(Platform(platform), handle)


def _claim(row: LinkedHandle) -> HandleClaim:
    return HandleClaim(
        id=row.id,
        user_id=row.user_id,
        platform=row.platform,
        handle=row.handle,
        url=_key(row.platform, row.handle).url,
        status=ClaimStatus(row.status),
        code=row.code,
        created_at=row.created_at,
        decided_at=row.decided_at,
        has_evidence=row.evidence_sha256 is not None,
    )


def new_code() -> str:
    """Short enough to type into a bio, random enough (24 bits) that nobody guesses it first."""
    return CODE_PREFIX + secrets.token_hex(3).upper()


def claim_handle(session: Session, user: CurrentUser, platform: str, account: str) -> HandleClaim:
    """A pending claim of this account by the user, with a fresh one-time code.

    Claiming again an account one already claimed gives the same claim back (a double submit is
    not an error); a rejected claim becomes pending again with a new code.
    """
    key = normalise_account(platform, account)
    row = session.scalar(
        select(LinkedHandle).where(
            LinkedHandle.user_id == user.id,
            LinkedHandle.platform == key.platform.value,
            LinkedHandle.handle == key.handle,
        )
    )
    if row is None:
        row = LinkedHandle(
            user_id=user.id,
            platform=key.platform.value,
            handle=key.handle,
            created_at=utcnow(),
            status=ClaimStatus.PENDING.value,
            code=new_code(),
        )
        session.add(row)
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError:  # the same user, twice at once: the other request created it
            raise Conflict("Ce compte vient d'être ajouté : rechargez la page.") from None
    elif row.status == ClaimStatus.REJECTED:
        row.status, row.code = ClaimStatus.PENDING.value, new_code()
        row.decided_at = row.decided_by = None
        row.evidence_sha256 = row.evidence_media_type = None
    session.flush()
    return _claim(row)


def _own_claim(session: Session, user: CurrentUser, claim_id: int) -> LinkedHandle:
    row = session.get(LinkedHandle, claim_id)
    if row is None or row.user_id != user.id:
        raise NotFound("Aucun compte rattaché avec ce numéro.")
    return row


def attach_evidence(
    session: Session, user: CurrentUser, claim_id: int, sha256: str, media_type: str
) -> HandleClaim:
    """Record the screenshot (already checked and stored by the caller) on a pending claim."""
    row = _own_claim(session, user, claim_id)
    if row.status != ClaimStatus.PENDING:
        raise InvalidInput("Ce compte n'attend plus de vérification.", details={"field": "file"})
    row.evidence_sha256, row.evidence_media_type = sha256, media_type
    return _claim(row)


def withdraw_claim(session: Session, user: CurrentUser, claim_id: int) -> None:
    """The claimant removes a claim (confirmed ones too: a physician who closed an account)."""
    session.delete(_own_claim(session, user, claim_id))


def decide_claim(
    session: Session, moderator: CurrentUser, claim_id: int, *, accept: bool
) -> HandleClaim:
    """A moderator confirms or rejects a pending claim; confirming rejects the other pending
    claims of the same account, since an account has one owner."""
    if not moderator.can(Permission.HANDLE_CONFIRM):
        raise PermissionDenied("Seul un modérateur peut confirmer un compte.")
    row = claim_by_id(session, claim_id)
    if row.status != ClaimStatus.PENDING:
        raise InvalidInput("Cette demande a déjà été traitée.")
    now = utcnow()
    if accept:
        _check_can_confirm(session, row)
        row.status = ClaimStatus.CONFIRMED.value
        try:
            with session.begin_nested():
                session.flush()
        except IntegrityError:
            raise Conflict("Ce compte vient d'être confirmé pour un autre utilisateur.") from None
        for other in _pending_claims_of(session, row):
            other.status, other.decided_by, other.decided_at = "rejected", moderator.id, now
    else:
        row.status = ClaimStatus.REJECTED.value
    row.decided_by, row.decided_at = moderator.id, now
    session.flush()
    return _claim(row)


def _check_can_confirm(session: Session, row: LinkedHandle) -> None:
    claimant = session.get(User, row.user_id)
    if claimant is None or claimant.rpps_status != "confirmed" or not claimant.is_active:
        raise InvalidInput(
            "Confirmez d'abord l'identité RPPS de ce médecin : un compte n'est confirmé que pour "
            "un médecin vérifié."
        )
    taken = session.scalar(
        select(LinkedHandle.id).where(
            LinkedHandle.platform == row.platform,
            LinkedHandle.handle == row.handle,
            LinkedHandle.status == ClaimStatus.CONFIRMED,
            LinkedHandle.id != row.id,
        )
    )
    if taken is not None:
        raise Conflict(
            "Ce compte est déjà confirmé pour un autre utilisateur : retirez d'abord cette "
            "confirmation."
        )


def _pending_claims_of(session: Session, row: LinkedHandle) -> list[LinkedHandle]:
    return list(
        session.scalars(
            select(LinkedHandle).where(
                LinkedHandle.platform == row.platform,
                LinkedHandle.handle == row.handle,
                LinkedHandle.status == ClaimStatus.PENDING,
                LinkedHandle.id != row.id,
            )
        )
    )


def claims_of(session: Session, user_id: int) -> list[HandleClaim]:
    rows = session.scalars(
        select(LinkedHandle).where(LinkedHandle.user_id == user_id).order_by(LinkedHandle.id)
    )
    return [_claim(row) for row in rows]


def linked_handles(session: Session, user_id: int) -> list[str]:
    return [claim.label for claim in claims_of(session, user_id)]


def claim_by_id(session: Session, claim_id: int) -> LinkedHandle:
    row = session.get(LinkedHandle, claim_id)
    if row is None:
        raise NotFound(f"Aucune demande de rattachement n° {claim_id}.")
    return row


def pending_handle_claims(session: Session, limit: int = 100) -> list[PendingHandleClaim]:
    """Claims awaiting a moderator, oldest first."""
    rows = session.execute(
        select(LinkedHandle, User)
        .join(User, User.id == LinkedHandle.user_id)
        .where(LinkedHandle.status == ClaimStatus.PENDING)
        .order_by(LinkedHandle.id)
        .limit(limit)
    ).all()
    out = []
    for row, user in rows:
        others = session.execute(
            select(LinkedHandle.status, func.count())
            .where(
                LinkedHandle.platform == row.platform,
                LinkedHandle.handle == row.handle,
                LinkedHandle.id != row.id,
            )
            .group_by(LinkedHandle.status)
        ).all()
        out.append(
            PendingHandleClaim(
                claim=_claim(row),
                email=user.email,
                rpps=user.rpps,
                rpps_status=user.rpps_status,
                other_claims=sum(count for _status, count in others),
                confirmed_for_other=any(status == "confirmed" for status, _c in others),
            )
        )
    return out


def _confirmed() -> Select[LinkedHandle, str | None]:
    return (
        select(LinkedHandle, User.rpps)
        .join(User, User.id == LinkedHandle.user_id)
        .where(
            LinkedHandle.status == ClaimStatus.CONFIRMED,
            User.rpps_status == "confirmed",
            User.is_active.is_(True),
            User.rpps.is_not(None),
        )
    )


def _confirmed_account(row: LinkedHandle, rpps: str) -> ConfirmedAccount:
    return ConfirmedAccount(
        platform=row.platform,
        handle=row.handle,
        url=_key(row.platform, row.handle).url,
        confirmed_at=row.decided_at or row.created_at,
        rpps=rpps,
        user_id=row.user_id,
    )


def confirmed_accounts(session: Session, rpps: str) -> list[ConfirmedAccount]:
    """The accounts confirmed for the physician with this RPPS number, for their public page."""
    rows = session.execute(
        _confirmed().where(User.rpps == rpps).order_by(LinkedHandle.platform, LinkedHandle.handle)
    ).all()
    return [_confirmed_account(row, number or rpps) for row, number in rows]


def confirmed_accounts_of(
    session: Session, numbers: Collection[str]
) -> dict[str, list[ConfirmedAccount]]:
    """``confirmed_accounts`` for many physicians in one query (a directory page of 20 results);
    a number with no confirmed account is absent from the answer."""
    if not numbers:
        return {}
    rows = session.execute(
        _confirmed()
        .where(User.rpps.in_(sorted(set(numbers))))
        .order_by(LinkedHandle.platform, LinkedHandle.handle)
    ).all()
    found: dict[str, list[ConfirmedAccount]] = {}
    for row, number in rows:
        found.setdefault(number or "", []).append(_confirmed_account(row, number or ""))
    return found


def confirmed_owner(session: Session, key: AccountKey) -> ConfirmedAccount | None:
    """Who a moderator confirmed this account belongs to, or ``None``."""
    found = session.execute(
        _confirmed().where(
            LinkedHandle.platform == key.platform.value, LinkedHandle.handle == key.handle
        )
    ).first()
    return _confirmed_account(found[0], found[1] or "") if found else None
