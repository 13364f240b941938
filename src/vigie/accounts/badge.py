"""Who may show a Vigie verification badge: a physician whose RPPS identity a moderator confirmed.

The badge (a waiting-room poster, an SVG for a website, a short link for a bio) proves nothing by
itself — anyone can copy a picture. What it does is send a patient to the practitioner page, which
shows the registry entry, the verdicts, the extraction date and the confirmed accounts: a copied
badge under an impostor's account points to a page that does not list that account. So the short
link and the public SVG answer only for a confirmed physician still in the current registry;
for any other number they are 404, never "not verified" (which would read as an accusation).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.accounts.handles import confirmed_accounts
from vigie.accounts.models import User
from vigie.errors import NotFound, PermissionDenied
from vigie.registry.identifiers import IdentifierType, check_identifier
from vigie.registry.models import Practitioner, RegistryState, Snapshot
from vigie.social import LABELS, AccountKey, IdType, Platform

PHYSICIAN_PROFESSION = "10"
NOT_CONFIRMED = (
    "Votre badge de médecin vérifié sera disponible quand un modérateur aura confirmé votre "
    "numéro RPPS (rubrique « Je suis médecin » de votre compte)."
)
NOT_IN_REGISTRY = (
    "Votre numéro RPPS ne figure plus parmi les médecins du registre public actuel : "
    "aucun badge ne peut être produit."
)
NO_SUCH_BADGE = "Aucun badge Vigie pour ce numéro."


@dataclass(frozen=True)
class BadgeHolder:
    """What a badge and a poster print: the registry's name, never one the user typed."""

    rpps: str
    title: str  # "Dr", "Pr" or ""
    first_name: str
    last_name: str
    profession: str
    source_date: dt.date | None  # the registry extraction the name was read from
    accounts: tuple[str, ...]  # confirmed accounts, as "Instagram : @dr.elodie.lyon"

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)


def account_line(key: AccountKey) -> str:
    """``Instagram : @dr.elodie.lyon``; ids and phone numbers without the ``@``."""
    at = "@" if key.id_type is IdType.USERNAME else ""
    return f"{LABELS[key.platform]} : {at}{key.shown}"


def short_path(rpps: str) -> str:
    """The short link's path, short enough to type from a poster or put in a bio."""
    return f"/m/{rpps}"


def _confirmed_user_rpps(session: Session, rpps: str) -> bool:
    found = session.scalar(
        select(User.id).where(
            User.rpps == rpps, User.rpps_status == "confirmed", User.is_active.is_(True)
        )
    )
    return found is not None


def _registry_row(session: Session, rpps: str) -> tuple[Practitioner, dt.date | None] | None:
    row = session.execute(
        select(Practitioner, Snapshot.source_date)
        .join(Snapshot, Snapshot.id == Practitioner.snapshot_id)
        .where(
            Practitioner.identifier == rpps,
            Practitioner.snapshot_id == select(RegistryState.current_snapshot_id).scalar_subquery(),
        )
    ).first()
    return (row[0], row[1]) if row is not None else None


def badge_holder(session: Session, rpps: str) -> BadgeHolder | None:
    """The confirmed physician with this RPPS number in the current registry, or ``None``."""
    check = check_identifier(rpps[:40])
    if check is None or check.type is not IdentifierType.RPPS or not check.valid:
        return None
    if not _confirmed_user_rpps(session, check.value):
        return None
    found = _registry_row(session, check.value)
    if found is None or found[0].profession_code != PHYSICIAN_PROFESSION:
        return None
    person, source_date = found
    accounts = tuple(
        account_line(AccountKey(Platform(a.platform), a.handle))
        for a in confirmed_accounts(session, check.value)
    )
    return BadgeHolder(
        rpps=check.value,
        title=person.title_code.title(),
        first_name=person.first_name,
        last_name=person.last_name,
        profession=person.profession_label,
        source_date=source_date,
        accounts=accounts,
    )


def public_badge_holder(session: Session, rpps: str) -> BadgeHolder:
    """For the public short link and SVG: 404 unless the number is a confirmed physician's."""
    holder = badge_holder(session, rpps)
    if holder is None:
        raise NotFound(NO_SUCH_BADGE, details={"identifier": rpps[:40]})
    return holder


def own_badge_holder(session: Session, user_id: int) -> BadgeHolder:
    """For the signed-in physician's downloads: a clear refusal until their RPPS is confirmed."""
    user = session.get(User, user_id)
    if user is None or user.rpps is None or user.rpps_status != "confirmed":
        raise PermissionDenied(NOT_CONFIRMED, details={"reason": "rpps_not_confirmed"})
    holder = badge_holder(session, user.rpps)
    if holder is None:  # confirmed, but no longer a physician in the current registry
        raise PermissionDenied(NOT_IN_REGISTRY, details={"reason": "not_in_registry"})
    return holder
