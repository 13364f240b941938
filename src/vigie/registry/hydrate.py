"""Turn person keys of the current snapshot into full candidates (three indexed queries, any count).

The index ranks; the database holds what people read (names as registered, savoir-faire labels,
places). Lookups go through the primary keys ``(snapshot_id, person_key[, …])`` and the unique
``(snapshot_id, identifier)`` index, so each costs a few index probes whatever the registry size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie.registry.current import SnapshotInfo
from vigie.registry.models import Activity, Practitioner, SavoirFaire
from vigie.registry.normalize import department_of
from vigie.registry.schemas_verify import (
    ActivityOut,
    Candidate,
    SavoirFaireOut,
    VerdictOut,
    Verdicts,
)
from vigie.registry.verdict import Profile, verdicts_for

_P = Practitioner
_PERSON_COLUMNS = (
    _P.person_key,
    _P.identifier,
    _P.identifier_type,
    _P.last_name,
    _P.first_name,
    _P.title_code,
    _P.profession_code,
    _P.profession_label,
    _P.category_code,
)
_TYPES = {"8": "RPPS", "0": "ADELI"}


def candidate_by_identifier(session: Session, info: SnapshotInfo, value: str) -> Candidate | None:
    row = session.execute(
        select(*_PERSON_COLUMNS).where(_P.snapshot_id == info.id, _P.identifier == value)
    ).first()
    if row is None:
        return None
    return _build(session, info, [tuple(row)], [1.0])[0]


def candidates_by_keys(
    session: Session, info: SnapshotInfo, keys: Sequence[int], scores: Sequence[float]
) -> list[Candidate]:
    """Candidates in the order of ``keys`` (the search's ranking)."""
    if not keys:
        return []
    rows = session.execute(
        select(*_PERSON_COLUMNS).where(_P.snapshot_id == info.id, _P.person_key.in_(list(keys)))
    ).all()
    by_key = {row[0]: tuple(row) for row in rows}
    ordered = [(by_key[k], s) for k, s in zip(keys, scores, strict=True) if k in by_key]
    return _build(session, info, [r for r, _ in ordered], [s for _, s in ordered])


def _build(
    session: Session, info: SnapshotInfo, rows: list[tuple[Any, ...]], scores: list[float]
) -> list[Candidate]:
    keys = [row[0] for row in rows]
    places = _activities(session, info.id, keys)
    skills = _savoir_faire(session, info.id, keys)
    return [
        _candidate(row, score, places[row[0]], skills[row[0]], info)
        for row, score in zip(rows, scores, strict=True)
    ]


def _candidate(
    row: tuple[Any, ...],
    score: float,
    places: list[ActivityOut],
    skills: list[SavoirFaireOut],
    info: SnapshotInfo,
) -> Candidate:
    _key, identifier, kind, last, first, title, profession, label, category = row
    profile = Profile(profession, category, frozenset(s.code for s in skills))
    verdicts = verdicts_for(profile, label, info.source_date)
    return Candidate(
        identifier=identifier,
        identifier_type=_TYPES.get(kind, "RPPS" if len(identifier) == 11 else "ADELI"),
        last_name=last,
        first_name=first,
        title=title,
        profession_code=profession,
        profession=label,
        category_code=category,
        savoir_faire=skills,
        activities=places,
        score=round(score, 3),
        verdicts=Verdicts(**{act.value: VerdictOut.of(v) for act, v in verdicts.items()}),
    )


def _activities(
    session: Session, snapshot_id: int, keys: list[int]
) -> dict[int, list[ActivityOut]]:
    a = Activity
    rows = session.execute(
        select(a.person_key, a.city, a.postcode, a.department, a.site_name)
        .where(a.snapshot_id == snapshot_id, a.person_key.in_(keys))
        .order_by(a.person_key, a.seq)
    ).all()
    places: dict[int, list[ActivityOut]] = defaultdict(list)
    for key, city, postcode, department, site in rows:
        department = department or department_of(postcode)
        place = ActivityOut(city=city, postcode=postcode, department=department, site_name=site)
        if place not in places[key]:
            places[key].append(place)
    return places


def _savoir_faire(
    session: Session, snapshot_id: int, keys: list[int]
) -> dict[int, list[SavoirFaireOut]]:
    s = SavoirFaire
    rows = session.execute(
        select(s.person_key, s.code, s.label, s.type_code)
        .where(s.snapshot_id == snapshot_id, s.person_key.in_(keys))
        .order_by(s.person_key, s.code)
    ).all()
    skills: dict[int, list[SavoirFaireOut]] = defaultdict(list)
    for key, code, label, type_code in rows:
        skills[key].append(SavoirFaireOut(code=code, label=label, type=type_code))
    return skills
