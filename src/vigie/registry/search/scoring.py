"""Rerank candidate persons by how well their name tokens match the query words (vectorised).

Score in [0, 1] = 0.9 × (mean over query words of the best similarity to one of the person's
tokens) + 0.1 × (share of the person's tokens that the query words match, one each). The first part
forgives order and typos; the second prefers ``Élodie Bellamy`` over ``Élodie Bellamy-Roche`` when
the query says ``Elodie Bellamy``, and still lets ``Bellamy`` find the compound name.
Similarity is rapidfuzz's OSA (a swap of two letters is one edit), normalised by length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import OSA

from vigie.registry.search.snapshot_index import SnapshotIndex

QUERY_WEIGHT = 0.9
TOKEN_MATCHED = 0.75
# Below this a "candidate" shares little more than a first name with the query: showing it to a
# patient would suggest a match that is not there, so the answer is "not found" instead.
MIN_SCORE = 0.6


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
    """Score each distinct name once, then rank persons by their name's score, then position."""
    names, first, inverse = np.unique(
        index.arrays["person_name"][candidates], return_index=True, return_inverse=True
    )
    name_scores = _scores(index, words, candidates[first])
    if not (name_scores >= MIN_SCORE).any():
        return SearchHits.none()
    rank = np.empty(len(names), dtype=np.int64)
    rank[np.argsort(-name_scores, kind="stable")] = np.arange(len(names))
    person_rank = rank[inverse]
    counts = np.bincount(inverse, minlength=len(names))
    # Only the best few names can hold the first ``limit`` persons: sort just those.
    needed = int(np.searchsorted(np.cumsum(counts[np.argsort(rank)]), limit)) + 1
    shortlist = np.flatnonzero((person_rank < needed) & (name_scores[inverse] >= MIN_SCORE))
    top = shortlist[np.lexsort((candidates[shortlist], person_rank[shortlist]))][:limit]
    total = int(counts[name_scores >= threshold].sum())
    best = int(np.argmin(rank))
    return SearchHits(
        candidates[top],
        name_scores[inverse[top]].astype(np.float64),
        total,
        int(counts[best]),
        total > limit,
    )


def _scores(
    index: SnapshotIndex, words: tuple[str, ...], candidates: NDArray[np.int64]
) -> NDArray[np.float64]:
    offsets = index.arrays["person_tok_off"]
    starts = offsets[candidates]
    lengths = offsets[candidates + 1] - starts
    owner = np.repeat(np.arange(len(candidates)), lengths)
    flat_starts = np.cumsum(lengths) - lengths
    rows = np.arange(int(lengths.sum())) - np.repeat(flat_starts, lengths) + starts[owner]
    flat_tokens = index.arrays["person_tok"][rows]
    unique, inverse = np.unique(flat_tokens, return_inverse=True)
    strings = index.tokens(unique)
    similarity: NDArray[Any] = process.cdist(
        list(words), strings, scorer=OSA.normalized_similarity, dtype=np.float32
    )
    per_token = similarity[:, inverse]
    if len(flat_tokens) == 0:
        return np.zeros(len(candidates), np.float64)
    # reduceat reads one element for an empty segment: clamp its start, then zero its score.
    safe_starts = np.minimum(flat_starts, len(flat_tokens) - 1)
    coverage = np.maximum.reduceat(per_token, safe_starts, axis=1).mean(axis=0)
    matched = (per_token.max(axis=0) >= TOKEN_MATCHED).astype(np.float64)
    # A query word accounts for one token at most: ``Martin`` does not "match" both parts of
    # MARTIN-MARTINEZ Lucie any better than the one of MARTIN Marie.
    matched_count = np.minimum(np.add.reduceat(matched, safe_starts), len(words))
    matched_share = matched_count / np.maximum(lengths, 1)
    scores = QUERY_WEIGHT * coverage + (1 - QUERY_WEIGHT) * matched_share
    return np.where(lengths > 0, scores, 0.0).astype(np.float64)
