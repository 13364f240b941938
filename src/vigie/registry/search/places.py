"""Filters on where and as what a person practises, run on the index's per-person arrays.

A person has one profession and zero to many places of practice; a place filter keeps a person when
any of their activities matches. Everything is vectorised over the candidate positions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vigie.registry.normalize import city_key
from vigie.registry.search.snapshot_index import SnapshotIndex


@dataclass(frozen=True, slots=True)
class PlaceFilter:
    """What a search is narrowed to; empty fields do not filter."""

    city: str | None = None
    postcode: str | None = None
    department: str | None = None
    profession: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.city or self.postcode or self.department or self.profession)


def apply_filters(
    index: SnapshotIndex, positions: NDArray[np.int64], place: PlaceFilter
) -> NDArray[np.int64]:
    if place.empty or len(positions) == 0:
        return positions
    if place.profession:
        codes = index.professions
        wanted = codes.index(place.profession) if place.profession in codes else -1
        positions = positions[index.arrays["person_prof"][positions] == wanted]
    checks = _activity_checks(index, place)
    if not checks or len(positions) == 0:
        return positions
    return positions[_any_activity(index, positions, checks)]


def _activity_checks(index: SnapshotIndex, place: PlaceFilter) -> list[tuple[str, int]]:
    checks: list[tuple[str, int]] = []
    if place.city:
        checks.append(("act_city", index.city_ids.get(city_key(place.city), -2)))
    if place.postcode:
        code = place.postcode.strip()
        checks.append(("act_postcode", int(code) if code.isdigit() and len(code) == 5 else -2))
    if place.department:
        department = place.department.strip().upper()
        known = index.departments
        checks.append(("act_dept", known.index(department) if department in known else -2))
    return checks


def _any_activity(
    index: SnapshotIndex, positions: NDArray[np.int64], checks: list[tuple[str, int]]
) -> NDArray[np.bool_]:
    """For each position: does any of its activities pass every check?"""
    offsets = index.arrays["act_off"]
    starts, ends = offsets[positions], offsets[positions + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    owner = np.repeat(np.arange(len(positions)), lengths)
    rows = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths) + starts[owner]
    passing = np.ones(total, dtype=bool)
    for array_name, wanted in checks:
        column: NDArray[Any] = index.arrays[array_name]
        passing &= column[rows] == wanted
    keep = np.zeros(len(positions), dtype=bool)
    keep[owner[passing]] = True
    return keep
