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
    """Vectorised over the snapshot's activities: two gathers select the région's authorised
    sites, a segmented minimum gives each person's closest tier, and names are ordered by their
    (alphabetically numbered) tokens, so no record is read before the few shown."""
    a = index.arrays
    ids = {code: i for i, code in enumerate(index.departments)}
    in_region = np.zeros(len(index.departments) + 1, dtype=bool)
    in_region[[ids[d] for d in scope.region_departments | {scope.department} if d in ids]] = True
    rows = np.flatnonzero(in_region[a["act_dept"]] & _authorised_sites(index, act))
    owners = _activity_owners(index)[rows]  # non-decreasing: activities are stored per person
    tier = np.full(len(rows), 2, dtype=np.int64)
    tier[a["act_dept"][rows] == ids.get(scope.department, -2)] = 1
    postcodes = np.zeros(100_000, dtype=bool)  # a lookup table: one gather, not a set search
    postcodes[[int(p) for p in scope.postcodes if p.isdigit() and len(p) == 5]] = True
    tier[postcodes[np.clip(a["act_postcode"][rows], 0, 99_999)]] = 0  # -1 (none) → 00000, unused
    if not len(rows):
        return DirectoryHits(np.zeros(0, np.int64), np.zeros(0, np.int64), 0, (0, 0, 0))
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    persons, tiers = owners[starts], np.minimum.reduceat(tier, starts)
    relevance = _relevant(index)[persons].astype(np.int64) ^ 1
    group = tiers * 2 + relevance
    counts = np.bincount(tiers, minlength=3)
    cumulative = np.cumsum(np.bincount(group, minlength=6))
    shown = group <= int(np.searchsorted(cumulative, min(limit, len(persons))))
    ranked = _rank(index, persons[shown], group[shown], limit)
    return DirectoryHits(
        ranked,
        tiers[np.searchsorted(persons, ranked)],
        len(persons),
        (int(counts[0]), int(counts[1]), int(counts[2])),
    )


def _rank(
    index: SnapshotIndex, persons: NDArray[np.int64], group: NDArray[np.int64], limit: int
) -> NDArray[np.int64]:
    """Group, then name: a person's first three name tokens (last name first; token ids follow
    alphabetical order), then the registered name itself for the few shown, then the number."""
    offsets, tokens = index.arrays["person_tok_off"], index.arrays["person_tok"]
    starts, lengths = offsets[persons], offsets[persons + 1] - offsets[persons]
    keys = []
    for k in range(3):
        at = np.minimum(starts + k, max(len(tokens) - 1, 0))
        keys.append(np.where(lengths > k, tokens[at] if len(tokens) else 0, -1))
    order = np.lexsort((persons, keys[2], keys[1], keys[0], group))[: limit * 2]
    chosen = persons[order].tolist()
    records = {p: index.details.person(p) for p in chosen}
    place = {
        p: (int(g), i) for i, (p, g) in enumerate(zip(chosen, group[order].tolist(), strict=True))
    }
    chosen.sort(
        key=lambda p: (
            place[p][0],
            fold(records[p][_LAST]),
            fold(records[p][_FIRST]),
            records[p][_ID],
        )
    )
    return np.array(chosen[:limit], dtype=np.int64)


def _authorised_sites(index: SnapshotIndex, act: Act) -> NDArray[np.bool_]:
    """Per activity: is its person authorised for ``act``? (cached: one gather per process)"""
    return _cached(
        index, f"sites-{act.value}", lambda: _authorised(index, act)[_activity_owners(index)]
    )


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
