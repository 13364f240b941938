"""Rank candidate persons by how well their name answers the query (vectorised).

Names are ranked by **coverage** first (how closely the query words, one token each, are spelled
by the name: ``name_match``), then by **share** (how much of the name the query accounts for):
a closer spelling always wins, and the share only orders names that are equally close —
``Élodie Bellamy`` before ``Élodie Bellamy-Roche`` for ``Elodie Bellamy``, while ``pellt irvane``
gives SORNIER-PELLOT Irvane (one letter missing from PELLOT) before PELOT Irvane (one letter
wrong). The score shown and thresholded is ``0.9 × coverage + 0.1 × share`` in [0, 1], so on rare
occasions a name ranked lower shows a higher score.

Persons are then taken name by name, namesakes in registry order, except that when no name spells
every query word as typed and several names are equally close through different corrections
(``dupqrat nathalie``: DUPRAT, or GUYONNET-DUPERAT), each correction keeps one place in the answer
instead of the bearers of the first one taking them all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from vigie.registry.search.name_match import NameMatch, match_names
from vigie.registry.search.snapshot_index import SnapshotIndex

QUERY_WEIGHT = 0.9
# Below this a "candidate" shares little more than a first name with the query: showing it to a
# patient would suggest a match that is not there, so the answer is "not found" instead.
MIN_SCORE = 0.6
_DIGITS = 6  # coverage compared at this precision: equally close names compare equal


@dataclass(frozen=True, slots=True)
class SearchHits:
    """Ranked person positions with their scores, and what a page needs to say about them."""

    positions: NDArray[np.int64]
    scores: NDArray[np.float64]
    total_matches: int
    homonyms: int
    truncated: bool

    @classmethod
    def none(cls) -> SearchHits:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.float64), 0, 0, False)


def score_candidates(
    index: SnapshotIndex,
    words: tuple[str, ...],
    candidates: NDArray[np.int64],
    *,
    limit: int,
    threshold: float,
) -> SearchHits:
    """Match each distinct name once, rank the names, then persons by name rank and position.

    ``candidates`` are sorted positions (``take_ranges``), so ``first`` is each name's first
    bearer in registry order.
    """
    names, first, inverse = np.unique(
        index.arrays["person_name"][candidates], return_index=True, return_inverse=True
    )
    match = match_names(index, words, candidates[first])
    name_scores = QUERY_WEIGHT * match.coverage + (1 - QUERY_WEIGHT) * match.share
    if not (name_scores >= MIN_SCORE).any():
        return SearchHits.none()
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.lexsort((-match.share, -np.round(match.coverage, _DIGITS)))] = np.arange(len(names))
    person_rank = rank[inverse]
    counts = np.bincount(inverse, minlength=len(names))
    # Only the best few names can hold the first ``limit`` persons: sort just those.
    needed = int(np.searchsorted(np.cumsum(counts[np.argsort(rank)]), limit)) + 1
    shortlist = np.flatnonzero((person_rank < needed) & (name_scores[inverse] >= MIN_SCORE))
    top = shortlist[np.lexsort((candidates[shortlist], person_rank[shortlist]))][:limit]
    corrections = _corrections(match, name_scores >= MIN_SCORE, rank, limit)
    top = _make_room(top, first[corrections], inverse, rank)
    total = int(counts[name_scores >= threshold].sum())
    best = int(np.argmin(rank))
    return SearchHits(
        candidates[top],
        name_scores[inverse[top]].astype(np.float64),
        total,
        int(counts[best]),
        total > limit,
    )


def _corrections(
    match: NameMatch, shown: NDArray[np.bool_], rank: NDArray[np.int64], limit: int
) -> NDArray[np.int64]:
    """The best name of each reading as close as the best name, when no name is exact.

    ``dupqrat nathalie`` is one edit from DUPRAT and one from GUYONNET-DUPERAT: either may be
    meant, so each gets a place. THOMAS-TROPHIME Stéphanie reads ``thoms`` as THOMAS, as THOMAS
    Stéphanie does: the same correction, so it takes no place from the THOMAS namesakes. A query
    that some name spells exactly (coverage 1) keeps that name's bearers first.
    """
    coverage = np.round(match.coverage, _DIGITS)
    best = coverage[int(np.argmin(rank))]
    tied = np.flatnonzero((coverage == best) & shown)
    if best >= 1.0 or len(tied) < 2:
        return np.zeros(0, np.int64)
    tied = tied[np.argsort(rank[tied])]
    readings = np.sort(match.readings[:, tied], axis=0)  # the tokens read, in any word order
    _, first_of_reading = np.unique(readings, axis=1, return_index=True)
    chosen: NDArray[np.int64] = tied[np.sort(first_of_reading)][:limit]
    return chosen


def _make_room(
    top: NDArray[np.int64],
    wanted: NDArray[np.int64],
    inverse: NDArray[np.int64],
    rank: NDArray[np.int64],
) -> NDArray[np.int64]:
    """``top`` holding every ``wanted`` person, in place of its last other entries, re-sorted.

    Indices are into the candidates; ``inverse`` gives each one's name, ``rank`` each name's rank.
    ``wanted`` holds at most ``limit`` persons, so there is always room.
    """
    missing = wanted[~np.isin(wanted, top)]
    if len(missing) == 0:
        return top
    others = top[~np.isin(top, wanted)]
    missing = missing[: len(others)]
    dropped = others[len(others) - len(missing) :]
    chosen = np.concatenate([top[~np.isin(top, dropped)], missing])
    ordered: NDArray[np.int64] = chosen[np.lexsort((chosen, rank[inverse[chosen]]))]
    return ordered
