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

from vigie.registry.places import PlaceFilter, apply_filters
from vigie.registry.scoring import SearchHits, score_candidates
from vigie.registry.search_index import deletions, key_hash

PAIR_CANDIDATE_CAP = 3_000
SINGLE_CANDIDATE_CAP = 20_000
MAX_VARIANTS = 40
MATCH_THRESHOLD = 0.75


class SnapshotIndex:
    """One snapshot's index files, memory-mapped read-only (shared by every worker process)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta: dict[str, Any] = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        self.arrays: dict[str, NDArray[Any]] = {
            file.stem: np.load(file, mmap_mode="r") for file in path.glob("*.npy")
        }
        self.vocabulary_size = int(self.meta["tokens"])
        self.city_ids = {city: i for i, city in enumerate(self.meta["cities"])}
        self.professions: list[str] = self.meta["professions"]
        self.departments: list[str] = self.meta["departments"]

    @property
    def snapshot_id(self) -> int:
        return int(self.meta["snapshot_id"])

    def token(self, token_id: int) -> str:
        off = self.arrays["tok_off"]
        return bytes(self.arrays["tok_blob"][off[token_id] : off[token_id + 1]]).decode()

    def person_key(self, position: int) -> int:
        return int(self.arrays["person_key"][position])

    def position_of_identifier(self, value: str) -> int | None:
        """Binary search of the sorted identifiers (microseconds)."""
        if not value.isdigit():
            return None
        values = self.arrays["id_value"]
        at = int(np.searchsorted(values, int(value)))
        if at < len(values) and int(values[at]) == int(value):
            return int(self.arrays["id_person"][at])
        return None

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
        for by_pairs, edits in plans:
            net = self._pair_candidates if by_pairs else self._single_candidates
            if edits not in variants:
                variants[edits] = [self.variants(word, edits) for word in words]
            found = apply_filters(self, net(variants[edits]), place)
            if len(found) or time.monotonic() > deadline:
                break
        return found

    def _pair_candidates(self, variants: list[list[tuple[int, int]]]) -> NDArray[np.int64]:
        """Persons holding variants of two query words, cheapest (fewest edits) pairs first."""
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
        order = np.argsort(np.array(costs), kind="stable")
        key_array = np.array(keys, dtype=np.int64)[order]
        return self._gather(
            self.arrays["pair_key"], self.arrays["pair_person"], key_array, PAIR_CANDIDATE_CAP
        )

    def _single_candidates(self, variants: list[list[tuple[int, int]]]) -> NDArray[np.int64]:
        """Persons holding a variant of any one query word (the widest, capped net)."""
        pairs = sorted((edits, token_id) for word in variants for token_id, edits in word)
        off, post = self.arrays["tok_post_off"], self.arrays["tok_post"]
        chunks: list[NDArray[Any]] = []
        total = 0
        for _edits, token_id in pairs:
            chunk = post[off[token_id] : off[token_id + 1]]
            chunks.append(chunk)
            total += len(chunk)
            if total >= SINGLE_CANDIDATE_CAP:
                break
        if not chunks:
            return np.zeros(0, np.int64)
        return np.unique(np.concatenate(chunks)[:SINGLE_CANDIDATE_CAP]).astype(np.int64)

    @staticmethod
    def _gather(
        sorted_keys: NDArray[Any], values: NDArray[Any], wanted: NDArray[Any], cap: int
    ) -> NDArray[np.int64]:
        starts = np.searchsorted(sorted_keys, wanted, side="left")
        ends = np.searchsorted(sorted_keys, wanted, side="right")
        chunks: list[NDArray[Any]] = []
        total = 0
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if end > start:
                chunks.append(values[start:end])
                total += end - start
                if total >= cap:
                    break
        if not chunks:
            return np.zeros(0, np.int64)
        return np.unique(np.concatenate(chunks)).astype(np.int64)

    @staticmethod
    def _lookup_ranges(
        sorted_keys: NDArray[Any], values: NDArray[Any], wanted: NDArray[Any]
    ) -> NDArray[np.int64]:
        return SnapshotIndex._gather(sorted_keys, values, wanted, cap=1 << 30)
