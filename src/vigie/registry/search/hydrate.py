"""Turn person keys or an identifier of the current snapshot into full candidates.

The index ranks; for a name search the database gives what people read (names as registered,
savoir-faire labels, places) in ONE statement through the primary keys ``(snapshot_id,
person_key[, …])``, whatever the number of candidates. An exact identifier lookup is served by the
index's detail files instead (no round trip; see ``candidate_by_identifier``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    bindparam,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from vigie.registry.models import Activity, Practitioner, SavoirFaire
from vigie.registry.normalize import department_of
from vigie.registry.schemas_verify import (
    ActivityOut,
    Candidate,
    SavoirFaireOut,
    VerdictOut,
    Verdicts,
)
from vigie.registry.search.current import SnapshotInfo
from vigie.registry.search.index_details import PERSON_RECORD
from vigie.registry.search.snapshot_index import SnapshotIndex
from vigie.registry.verdict import Profile, verdicts_for

_P, _A, _S = Practitioner, Activity, SavoirFaire
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
# Where each of ``_PERSON_COLUMNS`` (after the key) sits in an index person record.
_RECORD_AS_PERSON_ROW = tuple(PERSON_RECORD.index(c.key) for c in _PERSON_COLUMNS[1:])
_PERSON, _PLACE, _SKILL = 0, 1, 2


def _statement(which: ColumnElement[bool]) -> CompoundSelect[Any]:
    """Persons, their places and savoir-faire in ONE statement (one round trip, any count).

    Built once per shape with bound parameters: SQLAlchemy then reuses the compiled SQL, where
    building the statement per call would cost more than running it.
    """
    snapshot = bindparam("snapshot", type_=Integer)
    persons = select(_P.person_key).where(_P.snapshot_id == snapshot, which)
    blank = literal("")
    return union_all(
        select(literal(_PERSON), *_PERSON_COLUMNS, literal(0)).where(_P.snapshot_id == snapshot, which),
        select(literal(_PLACE), _A.person_key, _A.city, _A.postcode, _A.department, _A.site_name, _A.address, _A.phone, *[blank] * 2, _A.seq)
        .where(_A.snapshot_id == snapshot, _A.person_key.in_(persons)),
        select(literal(_SKILL), _S.person_key, _S.code, _S.label, _S.type_code, *[blank] * 5, literal(0))
        .where(_S.snapshot_id == snapshot, _S.person_key.in_(persons)),
    )  # fmt: skip


_BY_KEYS = _statement(_P.person_key.in_(bindparam("keys", expanding=True)))


def candidate_by_identifier(
    index: SnapshotIndex, info: SnapshotInfo, value: str
) -> Candidate | None:
    """The exact lookup behind practitioner pages and cross-checks, from the index's detail files.

    No SQL: a binary search over the snapshot's sorted identifiers and a few slices of its
    memory-mapped records (``index_details.py``), which keeps the lookup's tail free of a database
    round trip. The records come from the same rows as the database's (a test compares the two).
    """
    position = index.details.position(value)
    return None if position is None else candidate_at(index, info, position)


def candidate_at(index: SnapshotIndex, info: SnapshotInfo, position: int) -> Candidate:
    """The card of the person at ``position`` in the index (the directory's results)."""
    details = index.details
    places: list[ActivityOut] = []
    for city, postcode, department, site, address, phone in details.places_of(position):
        _add_place(places, city, postcode, department, site, address, phone)
    skills = [
        SavoirFaireOut(code=code, label=label, type=kind)
        for code, label, kind in details.skills_of(position)
    ]
    record = details.person(position)
    row = (index.person_key(position), *(record[i] for i in _RECORD_AS_PERSON_ROW))
    return _candidate(row, 1.0, places, skills, info)


def candidates_by_keys(
    session: Session, info: SnapshotInfo, keys: Sequence[int], scores: Sequence[float]
) -> list[Candidate]:
    """Candidates in the order of ``keys`` (the search's ranking)."""
    if not keys:
        return []
    found = _fetch(session, info, _BY_KEYS, {"keys": list(keys)})
    return [
        found[key].model_copy(update={"score": round(score, 3)})
        for key, score in zip(keys, scores, strict=True)
        if key in found
    ]


def _fetch(
    session: Session, info: SnapshotInfo, statement: CompoundSelect[Any], params: dict[str, Any]
) -> dict[int, Candidate]:
    rows = session.execute(statement, {"snapshot": info.id, **params}).all()
    return _assemble(rows, info)


def _assemble(rows: Sequence[Any], info: SnapshotInfo) -> dict[int, Candidate]:
    people: list[tuple[Any, ...]] = []
    places: dict[int, list[ActivityOut]] = defaultdict(list)
    skills: dict[int, list[SavoirFaireOut]] = defaultdict(list)
    for kind, key, *values in sorted(rows, key=_row_order):
        if kind == _PERSON:
            people.append((key, *values[:8]))
        elif kind == _PLACE:
            _add_place(places[key], *values[:6])
        else:
            skills[key].append(SavoirFaireOut(code=values[0], label=values[1], type=values[2]))
    return {row[0]: _candidate(row, 1.0, places[row[0]], skills[row[0]], info) for row in people}


def _row_order(row: Any) -> tuple[int, int, Any, Any]:
    """Persons first, then places in their registry order, then savoir-faire by code."""
    return (row[0], row[1], row[-1], row[2])


def _add_place(
    places: list[ActivityOut],
    city: str,
    postcode: str,
    department: str,
    site: str,
    address: str = "",
    phone: str = "",
) -> None:
    place = ActivityOut(
        city=city,
        postcode=postcode,
        department=department or department_of(postcode),
        site_name=site,
        address=address,
        phone=phone,
    )
    if place not in places:
        places.append(place)


def _candidate(
    row: tuple[Any, ...],
    score: float,
    places: list[ActivityOut],
    skills: list[SavoirFaireOut],
    info: SnapshotInfo,
) -> Candidate:
    _key, identifier, kind, last, first, title, profession, label, category = row
    profile = Profile(profession, category, frozenset(s.code for s in skills))
    labels = {s.code: s.label for s in skills}
    verdicts = verdicts_for(profile, label, info.source_date, labels)
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
