"""Rerank candidate persons by how well their name tokens match the query words (vectorised).

Score in [0, 1] = 0.85 × (mean over query words of the best similarity to one of the person's
tokens) + 0.15 × (share of the person's tokens that some query word matches). The first part
forgives order and typos; the second prefers ``Élodie Bellamy`` over ``Élodie Bellamy-Roche`` when
the query says ``Elodie Bellamy``, and still lets ``Bellamy`` find the compound name.
Similarity is rapidfuzz's OSA (a swap of two letters is one edit), normalised by length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import process
from rapidfuzz.distance import OSA

if TYPE_CHECKING:
    from vigie.registry.search import SnapshotIndex

QUERY_WEIGHT = 0.85
TOKEN_MATCHED = 0.75


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
    scores = _scores(index, words, candidates)
    order = np.lexsort((candidates, -scores))
    top = order[:limit]
    total = int((scores >= threshold).sum())
    lengths = np.diff(index.arrays["person_tok_off"])[candidates]
    best = order[0]
    homonyms = int(((scores == scores[best]) & (lengths == lengths[best])).sum())
    return SearchHits(candidates[top], scores[top], total, homonyms, total > limit)


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
    strings = [index.token(int(t)) for t in unique]
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
    matched_share = np.add.reduceat(matched, safe_starts) / np.maximum(lengths, 1)
    scores = QUERY_WEIGHT * coverage + (1 - QUERY_WEIGHT) * matched_share
    return np.where(lengths > 0, scores, 0.0).astype(np.float64)
