"""How well each candidate name answers the query words, all candidates at once (vectorised).

Each query word is paired with one of the person's tokens, one each, closest pairs first; from
those pairs come the two measures ``scoring`` ranks by:

- **coverage**: the mean over query words of the similarity of the token each was paired with
  (0 for a word left without one). It forgives order and typos;
- **share**: the share of the person's tokens that a query word matched (similarity ≥
  ``TOKEN_MATCHED``). It prefers ``Élodie Bellamy`` over ``Élodie Bellamy-Roche`` when the query
  says ``Elodie Bellamy``, and still lets ``Bellamy`` find the compound name;
- and the **reading**: which token each word was paired with, so that ``scoring`` can tell two
  corrections of a typo (DUPRAT, DUPERAT) from one correction in two names (THOMAS, THOMAS-
  TROPHIME).

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

TOKEN_MATCHED = 0.75


@dataclass(frozen=True, slots=True)
class NameMatch:
    """Per candidate: coverage and share in [0, 1]; readings are token ids, words × candidates."""

    coverage: NDArray[np.float64]
    share: NDArray[np.float64]
    readings: NDArray[np.int64]


def match_names(
    index: SnapshotIndex, words: tuple[str, ...], persons: NDArray[np.int64]
) -> NameMatch:
    """Pair the query words with each person's tokens (a person without tokens matches nothing)."""
    offsets = index.arrays["person_tok_off"]
    starts = offsets[persons]
    lengths = offsets[persons + 1] - starts
    owner = np.repeat(np.arange(len(persons)), lengths)
    flat_starts = np.cumsum(lengths) - lengths
    rows = np.arange(int(lengths.sum())) - np.repeat(flat_starts, lengths) + starts[owner]
    flat_tokens = index.arrays["person_tok"][rows]
    if len(flat_tokens) == 0 or not words:
        zeros = np.zeros(len(persons), np.float64)
        return NameMatch(zeros, zeros, np.full((len(words), len(persons)), -1, np.int64))
    unique, inverse = np.unique(flat_tokens, return_inverse=True)
    similarity: NDArray[Any] = process.cdist(
        list(words), index.tokens(unique), scorer=OSA.normalized_similarity, dtype=np.float32
    )
    paired, chosen = _pair(similarity[:, inverse], owner, flat_starts, lengths > 0)
    readings = np.where(chosen >= 0, flat_tokens[np.maximum(chosen, 0)], -1).astype(np.int64)
    coverage = paired.sum(axis=0) / len(words)
    share = (paired >= TOKEN_MATCHED).sum(axis=0) / np.maximum(lengths, 1)
    return NameMatch(coverage.astype(np.float64), share.astype(np.float64), readings)


def _pair(
    similarity: NDArray[Any],
    owner: NDArray[np.int64],
    flat_starts: NDArray[np.int64],
    has_tokens: NDArray[np.bool_],
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Pair each query word with one token of each candidate, best pairs first, one each.

    ``similarity`` is words × all candidates' tokens end to end (``owner`` says whose). Returns,
    words × candidates, the similarity each word got (0 when left without a token) and the flat
    index of its token (-1). One token cannot answer two words: ``jean jean michel`` is not as
    close to MICHEL Jean, who has one ``jean``, as to JEAN-BAPTISTE Jean-Michel, who has two.
    Greedy (each round pairs the closest word and token left in every candidate), which is the
    best pairing when each word has one clearly closest token, as name words do.
    """
    table = similarity.astype(np.float64)  # a copy: used words and tokens are struck out below
    width = table.shape[1]
    safe_starts = np.minimum(flat_starts, width - 1)  # reduceat reads one entry of an empty run
    columns = np.arange(width)
    count = len(has_tokens)
    paired = np.zeros((table.shape[0], count), np.float64)
    tokens = np.full((table.shape[0], count), -1, np.int64)
    for _ in range(table.shape[0]):
        best_word = table.argmax(axis=0)
        column_best = table[best_word, columns]
        best = np.maximum.reduceat(column_best, safe_starts)
        first_best = np.minimum.reduceat(
            np.where(column_best == best[owner], columns, width), safe_starts
        )
        live = has_tokens & (first_best < width) & (best > 0)
        if not live.any():
            break
        who = np.flatnonzero(live)
        token = first_best[who]
        word = best_word[token]
        paired[word, who] = best[who]
        tokens[word, who] = token
        answered = np.full(count, -1)
        answered[live] = word
        per_column = answered[owner]
        strike = per_column >= 0
        table[per_column[strike], columns[strike]] = -1.0  # that word is answered for the person
        table[:, token] = -1.0  # and that token is taken
    return paired, tokens
