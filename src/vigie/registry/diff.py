"""Compare the two kept snapshots: who appeared, who disappeared, whose profession or savoir-faire changed.

A physician who disappears or loses a specialty is news for moderators (struck off, suspended,
or withdrawn from public diffusion). Persons are matched by identifier across snapshots (person
keys are per snapshot). Lists are capped at ``limit`` with a ``truncated`` flag; counts are exact.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from vigie.errors import NoSnapshot
from vigie.registry.models import Snapshot
from vigie.registry.schemas import ChangedPerson, DiffPerson, RegistryDiff
from vigie.registry.services import current_snapshot, previous_snapshot

_ONLY_IN = """
SELECT a.identifier, a.last_name, a.first_name, a.profession_code, a.person_key
FROM registry_practitioner a
WHERE a.snapshot_id = :a AND NOT EXISTS (
  SELECT 1 FROM registry_practitioner b WHERE b.snapshot_id = :b AND b.identifier = a.identifier)
"""
_PROFESSION_CHANGED = """
SELECT a.identifier, a.last_name, a.first_name, b.profession_code, a.profession_code
FROM registry_practitioner a JOIN registry_practitioner b
  ON b.snapshot_id = :before AND b.identifier = a.identifier
WHERE a.snapshot_id = :after AND a.profession_code <> b.profession_code
"""


def _savoir_faire_only_in(source: str, other: str) -> str:
    """Savoir-faire held in snapshot ``:source`` by a person also in ``:other``, who lacks it there."""
    return f"""
SELECT p.identifier, p.last_name, p.first_name, s.code
FROM registry_savoir_faire s
JOIN registry_practitioner p ON p.snapshot_id = s.snapshot_id AND p.person_key = s.person_key
JOIN registry_practitioner q ON q.snapshot_id = :{other} AND q.identifier = p.identifier
WHERE s.snapshot_id = :{source} AND NOT EXISTS (
  SELECT 1 FROM registry_savoir_faire t
  WHERE t.snapshot_id = :{other} AND t.person_key = q.person_key AND t.code = s.code)
"""  # noqa: S608 - parameter names are constants; values are bound


_SF_REMOVED = _savoir_faire_only_in("before", "after")
_SF_ADDED = _savoir_faire_only_in("after", "before")
# Everyone whose profession or savoir-faire changed, once each.
_CHANGED_IDS = f"""
SELECT identifier FROM ({_PROFESSION_CHANGED}) c1
UNION SELECT identifier FROM ({_SF_REMOVED}) c2
UNION SELECT identifier FROM ({_SF_ADDED}) c3
"""  # noqa: S608 - constant SQL
_IN_IDS = {"prof": " AND a.identifier IN :ids", "sf": " AND p.identifier IN :ids"}
_SF_OF = "SELECT code FROM registry_savoir_faire WHERE snapshot_id = :s AND person_key = :k"


def _only_in(session: Session, a: int, b: int, limit: int) -> tuple[int, list[DiffPerson]]:
    count = session.execute(text(f"SELECT COUNT(*) FROM ({_ONLY_IN}) x"), {"a": a, "b": b})  # noqa: S608
    rows = session.execute(
        text(_ONLY_IN + " ORDER BY a.identifier LIMIT :n"), {"a": a, "b": b, "n": limit}
    )
    people = [
        DiffPerson(
            identifier=r[0],
            last_name=r[1],
            first_name=r[2],
            profession_code=r[3],
            savoir_faire=list(session.scalars(text(_SF_OF), {"s": a, "k": r[4]})),
        )
        for r in rows
    ]
    return int(count.scalar_one()), people


def _changed(
    session: Session, before: int, after: int, limit: int
) -> tuple[int, list[ChangedPerson]]:
    """Count every changed person in SQL; fetch the details of the first ``limit`` only."""
    params: dict[str, Any] = {"before": before, "after": after}
    count = session.execute(text(f"SELECT COUNT(*) FROM ({_CHANGED_IDS}) u"), params)  # noqa: S608
    ids_sql = f"SELECT identifier FROM ({_CHANGED_IDS}) u ORDER BY identifier LIMIT :n"  # noqa: S608
    ids = list(session.scalars(text(ids_sql), {**params, "n": limit}))
    total = int(count.scalar_one())
    if not ids:
        return total, []
    changes = {i: {"identifier": i, "removed": [], "added": []} for i in ids}
    params["ids"] = ids

    def run(sql: str) -> Any:
        return session.execute(text(sql).bindparams(bindparam("ids", expanding=True)), params)

    for ident, last, first, was, now in run(_PROFESSION_CHANGED + _IN_IDS["prof"]):
        changes[ident].update(last_name=last, first_name=first, profession_before=was, profession_after=now)  # fmt: skip
    for key, sql in (("removed", _SF_REMOVED), ("added", _SF_ADDED)):
        for ident, last, first, code in run(sql + _IN_IDS["sf"]):
            changes[ident].update(last_name=last, first_name=first)
            changes[ident][key].append(code)
    return total, [_changed_person(changes[i]) for i in ids]


def _changed_person(e: dict[str, Any]) -> ChangedPerson:
    return ChangedPerson(
        identifier=e["identifier"],
        last_name=e["last_name"],
        first_name=e["first_name"],
        profession_before=e.get("profession_before", ""),
        profession_after=e.get("profession_after", ""),
        savoir_faire_removed=sorted(e["removed"]),
        savoir_faire_added=sorted(e["added"]),
    )


def diff_snapshots(
    session: Session, before: Snapshot, after: Snapshot, limit: int = 100
) -> RegistryDiff:
    appeared_count, appeared = _only_in(session, after.id, before.id, limit)
    disappeared_count, disappeared = _only_in(session, before.id, after.id, limit)
    changed_count, changed = _changed(session, before.id, after.id, limit)
    return RegistryDiff(
        before_snapshot_id=before.id,
        after_snapshot_id=after.id,
        before_source_date=before.source_date,
        after_source_date=after.source_date,
        appeared_count=appeared_count,
        disappeared_count=disappeared_count,
        changed_count=changed_count,
        appeared=appeared,
        disappeared=disappeared,
        changed=changed,
        truncated=max(appeared_count, disappeared_count, changed_count) > limit,
    )


def diff_current(session: Session, limit: int = 100) -> RegistryDiff:
    """Diff the previous snapshot against the current one (both are kept by every load)."""
    after = current_snapshot(session)
    before = previous_snapshot(session)
    if after is None or before is None:
        raise NoSnapshot(
            "A diff needs two snapshots: the current one and the previous one. Load the registry again."
        )
    return diff_snapshots(session, before, after, limit)
