"""Who is behind an account, as a patient may be told: the physician a moderator confirmed it for,
the public status of its reports, and the physicians it cites without being theirs.

Three domains answer one question here (``social`` turns the spelling into a key, ``accounts``
knows confirmed owners, ``registry`` gives the owner's verdicts, this domain the moderated facts),
so the page, its JSON twin and ``GET /api/v1/accounts/…`` share this one function and cannot
disagree. Nothing of the automatic risk analysis is read here.

"Not a confirmed account of Dr X" is said when the account's reports or posts cite a physician's
RPPS number (found by the case analysis) and that physician has not confirmed the account: a
statement of fact about Vigie's records, not an accusation, and the moderators see the same case
flagged as possible impersonation.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from vigie.accounts.handles import ConfirmedAccount, confirmed_owner
from vigie.config import Settings
from vigie.errors import InvalidInput, VigieError
from vigie.registry.verify import practitioner_by_identifier
from vigie.reports.analysis import source_date
from vigie.reports.models import Case, ReportedAccount
from vigie.reports.public_status import NOTHING
from vigie.reports.schemas_accounts import (
    AccountLookup,
    AccountOwner,
    CitedPhysician,
    ForwardedOut,
)
from vigie.reports.services import AccountSummary, candidate_keys, summary_of_keys
from vigie.reports.workflow import Status
from vigie.social import AccountKey, Platform, parse_account

PHYSICIAN = "10"


def lookup_account(
    session: Session, settings: Settings, text: str, platform: str | None = None
) -> AccountLookup:
    """What Vigie may say about the account this text names; ``InvalidInput`` (with the parser's
    advice) when the text names no account."""
    keys = candidate_keys(text, platform)
    if not keys:
        message = parse_account(text, platform).message or "Ce texte ne désigne aucun compte."
        raise InvalidInput(message, details={"field": "q"})
    owned = next(((key, found) for key in keys if (found := confirmed_owner(session, key))), None)
    summary = summary_of_keys(session, [owned[0]] if owned else keys)
    key = _chosen_key(keys, owned, summary)
    owner = _owner(session, settings, owned[1]) if owned else None
    cited = _cited_physicians(session, summary, owner) if summary else []
    status = summary.status if summary else NOTHING
    return AccountLookup(
        query=text,
        platform=key.platform.value if key else None,
        handle=key.shown if key else keys[0].shown,
        url=key.url if key else None,
        owner=owner,
        public_status=status.public_status.value,
        message=status.message,
        reports_under_review=status.reports_under_review,
        forwarded=[
            ForwardedOut(destination=note.destination, forwarded_at=note.forwarded_at)
            for note in status.forwarded
        ],
        outcome=status.outcome.value if status.outcome else None,
        closed_at=status.closed_at,
        not_confirmed_for=cited,
    )


def _chosen_key(
    keys: list[AccountKey],
    owned: tuple[AccountKey, ConfirmedAccount] | None,
    summary: AccountSummary | None,
) -> AccountKey | None:
    if owned:
        return owned[0]
    if summary:
        return next(k for k in keys if (k.platform, k.handle) == (summary.platform, summary.handle))
    return keys[0] if len(keys) == 1 else None  # a bare @handle: the platform is unknown


def _owner(session: Session, settings: Settings, account: ConfirmedAccount) -> AccountOwner:
    try:
        found = practitioner_by_identifier(session, settings, account.rpps)
    except VigieError:  # struck off, or withdrawn from the public extract since confirmation
        return AccountOwner(
            identifier=account.rpps,
            confirmed_at=account.confirmed_at,
            in_registry=False,
        )
    return AccountOwner(
        identifier=found.identifier,
        last_name=found.last_name,
        first_name=found.first_name,
        title=found.title,
        profession=found.profession,
        verdicts=found.verdicts,
        source_date=_date(source_date(session)),
        confirmed_at=account.confirmed_at,
        in_registry=True,
    )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def cited_numbers(session: Session, case_id: int) -> list[tuple[str, str]]:
    """Physicians' RPPS numbers the case analysis found in the account's texts, with the
    registry's name for each: ``[(rpps, "Prénom NOM")]``."""
    return physicians_cited(session.scalar(select(Case.registry_check).where(Case.id == case_id)))


def physicians_cited(check: object) -> list[tuple[str, str]]:
    """The same, read from a case's stored ``registry_check`` (no query)."""
    numbers = check.get("numbers") if isinstance(check, dict) else None
    found: list[tuple[str, str]] = []
    for entry in numbers if isinstance(numbers, list) else []:
        candidate = entry.get("candidate") if isinstance(entry, dict) else None
        if not isinstance(candidate, dict) or candidate.get("profession_code") != PHYSICIAN:
            continue
        name = f"{candidate.get('first_name', '')} {candidate.get('last_name', '')}".strip()
        found.append((str(candidate.get("identifier")), name))
    return found


def _cited_physicians(
    session: Session, summary: AccountSummary, owner: AccountOwner | None
) -> list[CitedPhysician]:
    return [
        CitedPhysician(
            identifier=rpps,
            name=name,
            message=f"Ce compte n'est pas un compte confirmé de Dr {name}.",
        )
        for rpps, name in cited_numbers(session, summary.case_id)
        if owner is None or owner.identifier != rpps
    ]


def accounts_citing(session: Session, rpps: str) -> list[tuple[str, str, int]]:
    """Reported accounts whose texts cite this RPPS number without being confirmed for it
    (``[(platform, handle, case_id)]``), for the physician's own space and the moderators."""
    rows = session.execute(
        select(ReportedAccount.platform, ReportedAccount.handle, ReportedAccount.case_id)
        .join(Case, Case.id == ReportedAccount.case_id)
        .where(cast(Case.registry_check, String).contains(rpps), Case.merged_into_id.is_(None))
        .order_by(ReportedAccount.case_id)
    ).all()
    out = []
    for platform, handle, case_id in rows:
        if rpps not in {number for number, _name in cited_numbers(session, case_id)}:
            continue
        owner = confirmed_owner(session, AccountKey(Platform(platform), handle))
        if owner is None or owner.rpps != rpps:
            out.append((platform, handle, case_id))
    return out


def open_case_ids(session: Session, platform: str, handle: str) -> list[int]:
    """The open cases about this account: a physician claiming it is warned, and so is the
    moderator who decides the claim."""
    rows = session.scalars(
        select(Case.id)
        .join(ReportedAccount, ReportedAccount.case_id == Case.id)
        .where(
            ReportedAccount.platform == platform,
            ReportedAccount.handle == handle,
            Case.status != Status.CLOSED,
            Case.merged_into_id.is_(None),
        )
        .order_by(Case.id)
    )
    return list(dict.fromkeys(rows))


def possible_impersonation(session: Session, case: Case) -> list[CitedPhysician]:
    """Physicians the case's texts cite by RPPS number while none of the case's accounts is
    confirmed as theirs: shown to moderators as possible impersonation. Read from the loaded
    case, so the queue, which asks this of every open case, queries only for the few that cite
    a physician."""
    cited = physicians_cited(case.registry_check)
    if not cited:
        return []
    accounts = session.execute(
        select(ReportedAccount.platform, ReportedAccount.handle).where(
            ReportedAccount.case_id == case.id
        )
    ).all()
    owners = {
        owner.rpps
        for platform, handle in accounts
        if (owner := confirmed_owner(session, AccountKey(Platform(platform), handle)))
    }
    return [
        CitedPhysician(
            identifier=rpps,
            name=name,
            message=(
                f"Usurpation possible : les textes citent le RPPS {rpps} de Dr {name}, "
                "et aucun compte de ce dossier n'est un compte confirmé de ce médecin."
            ),
        )
        for rpps, name in cited
        if rpps not in owners
    ]
