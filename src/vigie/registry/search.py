"""Name search over one snapshot's memory-mapped index (see ``search_index.py`` for the files).

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

import json
import time
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rapidfuzz.distance import OSA

from vigie.registry.index_details import PersonDetails
from vigie.registry.places import PlaceFilter, apply_filters
from vigie.registry.scoring import SearchHits, score_candidates
from vigie.registry.search_index import deletions, key_hash

GATHER_CAP = 5_000  # persons gathered before scoring (scored once per distinct name)
FILTERED_GATHER_CAP = 400_000  # with a place filter, gather wide, filter, then score
MAX_VARIANTS = 40
MATCH_THRESHOLD = 0.75


class SnapshotIndex:
    """One snapshot's index files, memory-mapped read-only (shared by every worker process)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta: dict[str, Any] = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        self.arrays: dict[str, NDArray[Any]] = {
            # Plain ndarray views of the maps: numpy.memmap's per-slice bookkeeping costs µs each.
            file.stem: np.load(file, mmap_mode="r").view(np.ndarray)
            for file in path.glob("*.npy")
        }
        self.vocabulary_size = int(self.meta["tokens"])
        self.city_ids = {city: i for i, city in enumerate(self.meta["cities"])}
        self.professions: list[str] = self.meta["professions"]
        self.departments: list[str] = self.meta["departments"]
        self.details = PersonDetails(self.arrays, path, self.meta)

    @property
    def snapshot_id(self) -> int:
        return int(self.meta["snapshot_id"])

    def token(self, token_id: int) -> str:
        return bytes(self.arrays["tok_text"][token_id]).decode("ascii")

    def tokens(self, token_ids: NDArray[Any]) -> list[str]:
        """Many tokens at once (one vectorised conversion)."""
        texts: list[str] = self.arrays["tok_text"][token_ids].astype(str).tolist()
        return texts

    def person_key(self, position: int) -> int:
        return int(self.arrays["person_key"][position])

    def variants(self, word: str, max_edits: int = 1) -> list[tuple[int, int]]:
        """Vocabulary tokens within ``max_edits`` (OSA distance) of ``word``: (token id, edits)."""
        keys = deletions(word)
        if max_edits > 1:
            keys = {d for key in keys for d in deletions(key)}
        hashes = np.fromiter((key_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
        found = self._lookup_ranges(self.arrays["del_hash"], self.arrays["del_tok"], hashes)
        scored = []
        for token_id in np.unique(found).tolist():
            edits = OSA.distance(word, self.token(token_id), score_cutoff=max_edits)
            if edits <= max_edits:
                scored.append((token_id, edits))
        scored.sort(key=lambda item: item[1])
        return scored[:MAX_VARIANTS]

    def search(
        self, words: tuple[str, ...], place: PlaceFilter, *, limit: int, budget_s: float = 0.25
    ) -> SearchHits:
        deadline = time.monotonic() + budget_s
        candidates = self._candidates(words, place, deadline)
        if len(candidates) == 0:
            return SearchHits.none()
        return score_candidates(self, words, candidates, limit=limit, threshold=MATCH_THRESHOLD)

    def _candidates(
        self, words: tuple[str, ...], place: PlaceFilter, deadline: float
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
            net = self._pair_candidates if by_pairs else self._single_candidates
            if edits not in variants:
                variants[edits] = [self.variants(word, edits) for word in words]
            found = apply_filters(self, net(variants[edits], cap), place)
            if len(found) or time.monotonic() > deadline:
                break
        return found

    def _pair_candidates(
        self, variants: list[list[tuple[int, int]]], cap: int
    ) -> NDArray[np.int64]:
        """Persons holding variants of two query words: closest pairs first, then rarest.

        Only whole pairs that fit the cap are taken: in ``Marie-Claire Robachon`` the exact pair
        (marie, claire) holds thousands of people and is skipped, while (claire, robachon) holds
        the target among a handful.
        """
        keys: list[int] = []
        costs: list[int] = []
        size = self.vocabulary_size
        for first, second in combinations(variants, 2):
            for a, edits_a in first:
                for b, edits_b in second:
                    keys.append(min(a, b) * size + max(a, b))
                    costs.append(edits_a + edits_b)
        if not keys:
            return np.zeros(0, np.int64)
        key_array = np.array(keys, dtype=np.int64)
        starts = np.searchsorted(self.arrays["pair_key"], key_array, side="left")
        ends = np.searchsorted(self.arrays["pair_key"], key_array, side="right")
        order = np.lexsort((ends - starts, np.array(costs)))
        return self._take_ranges(
            self.arrays["pair_person"],
            starts[order],
            ends[order],
            cap,
            first_is_best=len(variants) == 2 and min(costs) == 0,
        )

    @staticmethod
    def _take_ranges(
        values: NDArray[Any],
        starts: NDArray[Any],
        ends: NDArray[Any],
        cap: int,
        *,
        first_is_best: bool = False,
    ) -> NDArray[np.int64]:
        """Whole ranges, in the given order, that fit within ``cap``.

        A range too big to fit is skipped, unless it is the first one and ``first_is_best`` (the
        exact match of a two-word query: thousands of namesakes, any ``cap`` of them will do);
        when nothing fits, the first range truncated.
        """
        chunks: list[NDArray[Any]] = []
        total = 0
        first_nonempty = None
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if end <= start:
                continue
            if first_nonempty is None:
                first_nonempty = start
                if first_is_best and end - start > cap:
                    break
            if total + end - start <= cap:
                chunks.append(values[start:end])
                total += end - start
        if not chunks and first_nonempty is not None:
            chunks.append(values[first_nonempty : first_nonempty + cap])
        if not chunks:
            return np.zeros(0, np.int64)
        return np.unique(np.concatenate(chunks)).astype(np.int64)

    def _single_candidates(
        self, variants: list[list[tuple[int, int]]], cap: int
    ) -> NDArray[np.int64]:
        """Persons holding a variant of any one query word (the widest net), closest first."""
        pairs = sorted((edits, token_id) for word in variants for token_id, edits in word)
        token_ids = np.array([token_id for _edits, token_id in pairs], dtype=np.int64)
        off = self.arrays["tok_post_off"]
        starts, ends = off[token_ids], off[token_ids + 1]
        order = np.lexsort((ends - starts, np.array([edits for edits, _ in pairs])))
        return self._take_ranges(
            self.arrays["tok_post"], starts[order], ends[order], cap, first_is_best=True
        )

    def _lookup_ranges(
        self, sorted_keys: NDArray[Any], values: NDArray[Any], wanted: NDArray[Any]
    ) -> NDArray[np.int64]:
        starts = np.searchsorted(sorted_keys, wanted, side="left")
        ends = np.searchsorted(sorted_keys, wanted, side="right")
        return self._take_ranges(values, starts, ends, cap=1 << 30)
