"""The directory: "qui peut m'injecter près de chez moi ?" — the service behind ``/trouver``,
``/trouver.json`` and ``GET /api/v1/directory``, and their one response shape.

A place typed by a patient (a commune, a postcode, a département number or name) is read against
the official administrative division — communes and postcodes from ``registry.communes``,
départements and régions from the dossiers' table (``reports.addressees``, both from Etalab's
``@etalab/decoupage-administratif``) — then ``registry.search.directory`` lists the physicians whose
verdict for the act is *authorised*, ranked by the public formula ``RANKING``. Each result carries
its practice sites (address, phone) and the social accounts a moderator confirmed for it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from vigie.accounts.public import public_accounts_of
from vigie.accounts.schemas_handles import PublicAccount
from vigie.config import Settings
from vigie.errors import InvalidInput
from vigie.registry.communes import communes_named, communes_of_postcode
from vigie.registry.normalize import city_key
from vigie.registry.schemas_verify import ActivityOut, Candidate, VerdictOut
from vigie.registry.search.current import current_index
from vigie.registry.search.directory import RANKING, Scope, find
from vigie.registry.search.hydrate import candidate_at
from vigie.registry.verdict import AESTHETIC_SPECIALTIES, Act
from vigie.reports.addressees import DIVISIONS

ActName = Literal["ha_filler", "botulinum_toxin", "mesotherapy"]
MAX_LIMIT = 50
DEFAULT_LIMIT = 20
MAX_PLACE = 100
_DEPARTMENT_CODE = re.compile(r"^(\d{2}|2[AB]|97\d)$")
# A commune with its département or postcode, as people write it and as the page labels it:
# "Lyon 69", "Lyon (69)", "Paris 75011", "Saint-Denis, 974", "69006 Lyon".
_NAME_THEN_CODE = re.compile(r"^(?P<name>.*?\D)[\s,]*\(?(?P<code>\d{5}|\d{2}|2[AB]|97\d)\)?$")
_CODE_THEN_NAME = re.compile(r"^\(?(?P<code>\d{5}|\d{2}|2[AB]|97\d)\)?[\s,]+(?P<name>\D.*)$")
UNKNOWN_PLACE = (
    "Lieu inconnu : tapez une commune (« Lyon »), un code postal (« 69006 ») ou un département "
    "(« 69 » ou « Rhône »)."
)


class DirectoryPlace(BaseModel):
    kind: Literal["commune", "postcode", "department"]
    label: str = Field(description="The place as understood, e.g. 'Lyon (69)'.")
    department: str = Field(description="Its département code (69, 2A, 974).")


class DirectorySite(BaseModel):
    address: str
    postcode: str
    city: str
    department: str
    phone: str


class DirectoryEntry(BaseModel):
    identifier: str
    last_name: str
    first_name: str
    profession: str
    savoir_faire: list[str] = Field(description="Savoir-faire labels as registered.")
    sites: list[DirectorySite]
    verdict: VerdictOut = Field(description="The verdict for the act asked (always authorised).")
    accounts: list[PublicAccount] = Field(description="Social accounts a moderator confirmed.")
    tier: Literal["commune", "department", "region"] = Field(
        description="Where the closest practice site is: the place itself, its département, its région."
    )


class DirectoryResult(BaseModel):
    act: ActName
    place: DirectoryPlace
    ranking: str = Field(description="The ranking formula, in words (public).")
    results: list[DirectoryEntry]
    total: int = Field(description="Authorised physicians found in the place's région.")
    by_tier: dict[str, int] = Field(description="How many in the commune, département, région.")
    source: Literal["RPPS"] = "RPPS"
    source_date: dt.date | None


def directory(
    session: Session, settings: Settings, act: str, place: str, limit: int = DEFAULT_LIMIT
) -> DirectoryResult:
    """Authorised physicians for ``act`` near ``place``, ranked by ``RANKING``."""
    chosen = _act(act)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(
            f"La limite doit être comprise entre 1 et {MAX_LIMIT}.", details={"field": "limit"}
        )
    where, scope = resolve_place(place)
    info, index = current_index(session, settings)
    hits = find(index, chosen, scope, limit)
    tiers = ("commune", "department", "region")
    cards = [
        (candidate_at(index, info, position), tiers[tier])
        for position, tier in zip(hits.positions.tolist(), hits.tiers.tolist(), strict=True)
    ]
    # One query for the confirmed accounts of the whole page, not one per result.
    accounts = public_accounts_of(session, [card.identifier for card, _tier in cards])
    results = [
        _entry(card, chosen, scope, tier, accounts.get(card.identifier, [])) for card, tier in cards
    ]
    return DirectoryResult(
        act=chosen.value,
        place=where,
        ranking=RANKING,
        results=results,
        total=hits.total,
        by_tier=dict(zip(tiers, hits.by_tier, strict=True)),
        source_date=info.source_date,
    )


def _entry(
    card: Candidate, act: Act, scope: Scope, tier: str, accounts: list[PublicAccount]
) -> DirectoryEntry:
    """A result: the specialties the ranking looked at first, the sites in the place first."""
    skills = sorted(card.savoir_faire, key=lambda s: s.code not in AESTHETIC_SPECIALTIES)
    sites = sorted(card.activities, key=lambda a: _closeness(a, scope))
    return DirectoryEntry.model_validate(
        {
            "identifier": card.identifier,
            "last_name": card.last_name,
            "first_name": card.first_name,
            "profession": card.profession,
            "savoir_faire": [s.label for s in skills],
            "sites": [
                {f: getattr(a, f) for f in ("address", "postcode", "city", "department", "phone")}
                for a in sites
            ],
            "verdict": getattr(card.verdicts, act.value),
            "accounts": accounts,
            "tier": tier,
        }
    )


def _closeness(site: ActivityOut, scope: Scope) -> int:
    """The sites in the place first, then the département's, then the région's, then the rest."""
    if site.postcode in scope.postcodes:
        return 0
    if site.department == scope.department:
        return 1
    return 2 if site.department in scope.region_departments else 3


def _act(act: str) -> Act:
    try:
        return Act(act)
    except ValueError:
        raise InvalidInput(
            "Acte inconnu : ha_filler, botulinum_toxin ou mesotherapy.",
            details={"field": "act", "value": act[:40]},
        ) from None


def resolve_place(text: str) -> tuple[DirectoryPlace, Scope]:
    """A commune, a postcode or a département, with the département's région around it."""
    value = " ".join(text.split())[:MAX_PLACE]
    if not value or any(ord(ch) < 32 for ch in text):
        raise InvalidInput(UNKNOWN_PLACE, details={"field": "place"})
    if value.isdigit() and len(value) == 5:
        found = communes_of_postcode(value)
        if not found:
            raise InvalidInput(UNKNOWN_PLACE, details={"field": "place", "value": value})
        label = f"{value} {found[0].name}"
        return _place("postcode", label, found[0].department, frozenset({value}))
    code = value.upper()
    if _DEPARTMENT_CODE.match(code) and code in _departments():
        return _place("department", f"{_departments()[code][0]} ({code})", code, frozenset())
    by_name = _department_names().get(city_key(value))
    communes = communes_named(value)
    if by_name and not (communes and communes[0].population > 100_000):
        return _place(
            "department", f"{_departments()[by_name][0]} ({by_name})", by_name, frozenset()
        )
    if communes:
        commune = communes[0]
        label = f"{commune.name} ({commune.department})"
        return _place("commune", label, commune.department, frozenset(commune.postcodes))
    qualified = _qualified_commune(value)
    if qualified is not None:
        return qualified
    raise InvalidInput(UNKNOWN_PLACE, details={"field": "place", "value": value})


def _qualified_commune(value: str) -> tuple[DirectoryPlace, Scope] | None:
    """A commune named with its département ("Lyon 69") or postcode ("Paris 75011"): the code
    picks among namesakes (Saint-Denis 93 or 974); a postcode narrows the place to itself."""
    match = _NAME_THEN_CODE.match(value.upper()) or _CODE_THEN_NAME.match(value.upper())
    if match is None:
        return None
    name, code = match["name"].strip(" ,-"), match["code"]
    wanted = city_key(name)
    if len(code) == 5:
        for commune in communes_of_postcode(code):
            if city_key(commune.name) == wanted:
                label = f"{code} {commune.name}"
                return _place("postcode", label, commune.department, frozenset({code}))
        return None
    for commune in communes_named(name):
        if commune.department == code:
            label = f"{commune.name} ({commune.department})"
            return _place("commune", label, commune.department, frozenset(commune.postcodes))
    return None


def _place(
    kind: Literal["commune", "postcode", "department"],
    label: str,
    department: str,
    postcodes: frozenset[str],
) -> tuple[DirectoryPlace, Scope]:
    region = _departments().get(department, ("", ""))[1]
    around = frozenset(code for code, (_n, r) in _departments().items() if r == region and region)
    return (
        DirectoryPlace(kind=kind, label=label, department=department),
        Scope(postcodes, department, around | {department}),
    )


@cache
def _departments() -> dict[str, tuple[str, str]]:
    """Département code → (name, région code), from the dossiers' Etalab table."""
    data = json.loads(DIVISIONS.read_text(encoding="utf-8"))["departements"]
    return {code: (str(d["nom"]), str(d["region"])) for code, d in data.items()}


@cache
def _department_names() -> dict[str, str]:
    return {city_key(name): code for code, (name, _region) in _departments().items()}
