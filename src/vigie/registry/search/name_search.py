"""Name search over one snapshot's memory-mapped index (see ``index_files.py`` for the files).

How a query becomes candidates, fast at national scale:
1. each query word gets its variants — vocabulary tokens within one edit (a typo, a missing or
   extra letter, two swapped letters) — through SymSpell deletion keys and a binary search;
2. candidates are the persons holding a pair of those variants (any order, so first and last names
   may be swapped; a compound surname's parts are separate tokens, so ``Bellamy`` meets
   ``BELLAMY-ROCHE``), cheapest variants first, capped;
3. filters (profession, city, postcode, department) run on per-person arrays;
4. the survivors are reranked by how well each query word matches the person's tokens (and how
   many of the person's tokens were matched), all vectorised with rapidfuzz's ``cdist``.
Only when no pair matches does the search widen: two edits per word, then single words.
"""

from __future__ import annotations

import time
from itertools import combinations

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import OSA

from vigie.registry.search.places import PlaceFilter, apply_filters
from vigie.registry.search.scoring import SearchHits, score_candidates
from vigie.registry.search.snapshot_index import SnapshotIndex, distinct, take_ranges

GATHER_CAP = 5_000  # persons gathered before scoring (scored once per distinct name)
FILTERED_GATHER_CAP = 400_000  # with a place filter, gather wide, filter, then score
MATCH_THRESHOLD = 0.75


def search_names(
    index: SnapshotIndex,
    words: tuple[str, ...],
    place: PlaceFilter,
    *,
    limit: int,
    budget_s: float = 0.25,
) -> SearchHits:
    deadline = time.monotonic() + budget_s
    candidates = _candidates(index, words, place, deadline)
    if len(candidates) == 0:
        return SearchHits.none()
    return score_candidates(index, words, candidates, limit=limit, threshold=MATCH_THRESHOLD)


def _candidates(
    index: SnapshotIndex, words: tuple[str, ...], place: PlaceFilter, deadline: float
) -> NDArray[np.int64]:
    """Narrowest net first: pairs within one edit, then two; then single words."""
    variants: dict[int, list[list[tuple[int, int]]]] = {}
    plans = (
        [(True, 1), (True, 2), (False, 1), (False, 2)]
        if len(words) >= 2
        else [(False, 1), (False, 2)]
    )
    found = np.zeros(0, np.int64)
    cap = GATHER_CAP if place.empty else FILTERED_GATHER_CAP
    for by_pairs, edits in plans:
        net = _pair_candidates if by_pairs else _single_candidates
        if edits not in variants:
            variants[edits] = [index.variants(word, edits) for word in words]
        found = apply_filters(index, net(index, variants[edits], cap), place)
        if len(found) or time.monotonic() > deadline:
            break
    return found


def _pair_candidates(
    index: SnapshotIndex, variants: list[list[tuple[int, int]]], cap: int
) -> NDArray[np.int64]:
    """Persons holding variants of two query words: closest pairs first, then rarest.

    Only whole pairs that fit the cap are taken: in ``Marie-Claire Robachon`` the exact pair
    (marie, claire) holds thousands of people and is skipped, while (claire, robachon) holds
    the target among a handful.
    """
    size = index.vocabulary_size
    key_parts: list[NDArray[np.int64]] = []
    cost_parts: list[NDArray[np.int64]] = []
    for first, second in combinations(variants, 2):
        if not first or not second:
            continue
        a, edits_a = np.array(first, dtype=np.int64).T
        b, edits_b = np.array(second, dtype=np.int64).T
        key_parts.append((np.minimum.outer(a, b) * size + np.maximum.outer(a, b)).ravel())
        cost_parts.append(np.add.outer(edits_a, edits_b).ravel())
    if not key_parts:
        return np.zeros(0, np.int64)
    key_array = np.concatenate(key_parts)
    costs = np.concatenate(cost_parts)
    starts = np.searchsorted(index.arrays["pair_key"], key_array, side="left")
    ends = np.searchsorted(index.arrays["pair_key"], key_array, side="right")
    order = np.lexsort((ends - starts, costs))
    return take_ranges(
        index.arrays["pair_person"],
        starts[order],
        ends[order],
        cap,
        first_is_best=len(variants) == 2 and int(costs.min()) == 0,
    )


def _single_candidates(
    index: SnapshotIndex, variants: list[list[tuple[int, int]]], cap: int
) -> NDArray[np.int64]:
    """Persons holding a variant of any one query word (the widest net), closest first."""
    pairs = sorted((edits, token_id) for word in variants for token_id, edits in word)
    token_ids = np.array([token_id for _edits, token_id in pairs], dtype=np.int64)
    off = index.arrays["tok_post_off"]
    starts, ends = off[token_ids], off[token_ids + 1]
    order = np.lexsort((ends - starts, np.array([edits for edits, _ in pairs])))
    return take_ranges(
        index.arrays["tok_post"], starts[order], ends[order], cap, first_is_best=True
    )


def namesakes(index: SnapshotIndex, words: tuple[str, ...], best: int, place: PlaceFilter) -> int:
    """How many persons bear the name, as the best candidate spells it, within ``place``.

    Each query word is read as the closest of the best candidate's name tokens (``martn`` →
    ``martin``); the count is the persons holding every one of those tokens, a compound name's
    parts included (``MARTIN-RENAULT Isabelle`` bears "Isabelle Martin"), over the whole snapshot:
    the search's gathering cap does not bound it.
    """
    offsets = index.arrays["person_tok_off"]
    own = np.asarray(index.arrays["person_tok"][int(offsets[best]) : int(offsets[best + 1])])
    if len(own) == 0 or not words:
        return 0
    strings = index.tokens(own)
    chosen = {
        int(own[max(range(len(own)), key=lambda i: OSA.normalized_similarity(word, strings[i]))])
        for word in words
    }
    post_off, post = index.arrays["tok_post_off"], index.arrays["tok_post"]
    held: NDArray[np.int64] | None = None
    for token_id in sorted(chosen, key=lambda t: int(post_off[t + 1] - post_off[t])):
        persons = post[int(post_off[token_id]) : int(post_off[token_id + 1])]
        held = distinct(persons, presorted=True) if held is None else _within(held, persons)
    return len(apply_filters(index, (held if held is not None else own).astype(np.int64), place))


def _within(held: NDArray[np.int64], sorted_persons: NDArray[np.int64]) -> NDArray[np.int64]:
    """The ``held`` persons found in a sorted posting list (binary search from the smaller side)."""
    if len(held) == 0 or len(sorted_persons) == 0:
        return held[:0]
    at = np.minimum(np.searchsorted(sorted_persons, held), len(sorted_persons) - 1)
    found: NDArray[np.int64] = held[sorted_persons[at] == held]
    return found
