"""Who may perform an act near a place: the directory's query over one snapshot's index (no SQL).

A person is listed when the verdict table (``verdict.RULES``, evaluated here on the index's
per-person arrays, first matching row wins exactly as ``rule_for``) says *authorised* for the act,
and one of their practice sites lies in the place's région. The ranking is public
(``RANKING``) and uses nothing but the registry: the closest site's tier (0 the commune, its
arrondissement or the postcode typed; 1 the same département; 2 the same région), then specialty
relevance for the act (0 a specialty the aesthetic-toxin rule names, 1 any other), then the name as
registered, then the number. No payment, review or rating exists in Vigie to move anyone, and no
distance is computed: the registry has no coordinates, and none are invented.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vigie.registry.normalize import fold
from vigie.registry.search.index_details import PERSON_RECORD
from vigie.registry.search.snapshot_index import SnapshotIndex
from vigie.registry.verdict import AESTHETIC_SPECIALTIES, RULES, Act, Status

RANKING = (
    "Médecins inscrits au registre public RPPS dont le verdict pour cet acte est « autorisé ». "
    "Ordre : d'abord ceux qui exercent dans la commune (ou l'arrondissement, ou le code postal "
    "demandé), puis dans le même département, puis dans la même région ; à égalité, ceux dont "
    "une spécialité est citée pour la toxine botulique esthétique (dermatologie, chirurgie "
    "plastique, de la face et du cou, maxillo-faciale, ophtalmologie), puis les autres ; enfin "
    "par ordre alphabétique du nom. Aucun paiement, aucune note et aucun avis ne changent cet "
    "ordre, et aucune distance n'est calculée."
)
_LAST, _FIRST, _ID = (PERSON_RECORD.index(n) for n in ("last_name", "first_name", "identifier"))


@dataclass(frozen=True, slots=True)
class Scope:
    """Where to look: the place's own postcodes (empty for a département), its département, and
    every département of its région."""

    postcodes: frozenset[str]
    department: str
    region_departments: frozenset[str]


@dataclass(frozen=True, slots=True)
class DirectoryHits:
    positions: NDArray[np.int64]  # ranked person positions, at most ``limit``
    tiers: NDArray[np.int64]  # each one's closest site: 0 commune, 1 département, 2 région
    total: int
    by_tier: tuple[int, int, int]


_CACHE: dict[tuple[str, str], NDArray[Any]] = {}
_LOCK = threading.Lock()


def find(index: SnapshotIndex, act: Act, scope: Scope, limit: int) -> DirectoryHits:
    a = index.arrays
    ids = {code: i for i, code in enumerate(index.departments)}
    wanted = [ids[d] for d in scope.region_departments | {scope.department} if d in ids]
    rows = np.flatnonzero(np.isin(a["act_dept"], np.array(wanted, dtype=np.int64)))
    owners = _activity_owners(index)[rows]
    keep = _authorised(index, act)[owners]
    rows, owners = rows[keep], owners[keep]
    tier = np.full(len(rows), 2, dtype=np.int64)
    tier[a["act_dept"][rows] == ids.get(scope.department, -2)] = 1
    codes = np.array([int(p) for p in scope.postcodes if p.isdigit()], dtype=np.int64)
    tier[np.isin(a["act_postcode"][rows], codes)] = 0
    order = np.lexsort((tier, owners))  # per person, closest site first
    owners, tier = owners[order], tier[order]
    first = np.r_[True, owners[1:] != owners[:-1]] if len(owners) else np.zeros(0, bool)
    persons, tiers = owners[first], tier[first]
    relevance = _relevant(index)[persons].astype(np.int64) ^ 1
    group = tiers * 2 + relevance
    counts = np.bincount(tiers, minlength=3)
    ranked = _rank(index, persons, group, limit)
    tier_of = dict(zip(persons.tolist(), tiers.tolist(), strict=True))
    return DirectoryHits(
        ranked,
        np.array([tier_of[p] for p in ranked.tolist()], dtype=np.int64),
        len(persons),
        (int(counts[0]), int(counts[1]), int(counts[2])),
    )


def _rank(
    index: SnapshotIndex, persons: NDArray[np.int64], group: NDArray[np.int64], limit: int
) -> NDArray[np.int64]:
    """Groups in order; names are read (from the detail records) only for the groups shown."""
    chosen: list[int] = []
    for value in range(6):
        members = persons[group == value]
        if not len(members):
            continue
        records = [index.details.person(int(p)) for p in members.tolist()]
        keys = [(fold(r[_LAST]), fold(r[_FIRST]), r[_ID]) for r in records]
        chosen += [int(members[i]) for i in sorted(range(len(keys)), key=keys.__getitem__)]
        if len(chosen) >= limit:
            break
    return np.array(chosen[:limit], dtype=np.int64)


def _activity_owners(index: SnapshotIndex) -> NDArray[np.int64]:
    """Each activity's person position (cached per index: the CSR offsets expanded once)."""

    def build() -> NDArray[Any]:
        offsets = index.arrays["act_off"]
        return np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))

    return _cached(index, "owners", build)


def _skills_any(index: SnapshotIndex, codes: frozenset[str]) -> NDArray[np.bool_]:
    a = index.arrays
    flags = np.array([skill[0] in codes for skill in index.details.skills], dtype=bool)
    offsets = a["sk_off"]
    owners = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    held = np.zeros(len(offsets) - 1, dtype=bool)
    if len(flags):
        held[owners[flags[a["sk_id"]]]] = True
    return held


def _relevant(index: SnapshotIndex) -> NDArray[np.bool_]:
    return _cached(index, "relevant", lambda: _skills_any(index, AESTHETIC_SPECIALTIES))


def _authorised(index: SnapshotIndex, act: Act) -> NDArray[np.bool_]:
    """Per person: does the verdict table say *authorised* for ``act``? (first row that matches)"""

    def build() -> NDArray[Any]:
        a = index.arrays
        count = len(a["person_prof"])
        status = np.full(count, "", dtype=object)
        undecided = np.ones(count, dtype=bool)
        for rule in RULES:
            match = undecided.copy()
            if rule.professions is not None:
                match &= _in(a["person_prof"], index.professions, rule.professions)
            if rule.categories is not None:
                categories = index.meta.get("categories", [])
                match &= _in(a["person_cat"], categories, rule.categories)
            if rule.savoir_faire_any is not None:
                match &= _skills_any(index, rule.savoir_faire_any)
            status[match] = rule.outcomes[act].status.value
            undecided &= ~match
        return np.asarray(status == Status.AUTHORISED.value, dtype=bool)

    return _cached(index, f"authorised-{act.value}", build)


def _in(ids: NDArray[Any], labels: list[str], wanted: frozenset[str]) -> NDArray[np.bool_]:
    chosen = [i for i, label in enumerate(labels) if label in wanted]
    return np.isin(ids, np.array(chosen, dtype=np.int64))


def _cached(index: SnapshotIndex, name: str, build: Any) -> NDArray[Any]:
    key = (str(index.path), name)
    with _LOCK:
        found = _CACHE.get(key)
    if found is None:
        found = build()
        with _LOCK:
            _CACHE[key] = found
    return found
