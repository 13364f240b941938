"""Identifier -> ``person_key`` for the columnar load: sorted integer arrays, not a dict of strings.

A national extract has 1.1 million identifiers; looking each chunk's identifiers up in a Python
dict took 1.6 CPU-seconds (a string object and a few bytecodes per person) and ~150 MB. Nearly
every identifier kept by the checks is 11 digits (RPPS) or 9 digits and capital letters (ADELI),
which read as one integer (base 10 or base 36, times 16 plus the length, so the two never
meet). Those integers live in a sorted array beside their keys, and a chunk is looked up with one
``searchsorted``. The rare identifier that is neither (the row parser's ADELI rule accepts any
9 alphanumeric characters, lower case or accented) gets a number from a small dict, above every
integer an identifier can read as.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

_ODD_BASE = 1 << 62  # above 36**9 * 16 + 9 and 10**11 * 16 + 11


def _code_expression(identifier: pl.Expr) -> pl.Expr:
    rpps = identifier.str.contains(r"^[0-9]{11}$")
    adeli = identifier.str.contains(r"^[0-9A-Z]{9}$")
    return (
        pl.when(rpps)
        .then(identifier.str.to_integer(base=10, strict=False) * 16 + 11)
        .when(adeli)
        .then(identifier.str.to_integer(base=36, strict=False) * 16 + 9)
        .otherwise(None)
    )


class PersonKeys:
    """Numbers persons 0, 1, 2... in order of first appearance, and finds them again."""

    def __init__(self) -> None:
        self.codes = np.zeros(0, dtype=np.int64)  # sorted
        self.keys = np.zeros(0, dtype=np.int64)  # the key of ``codes[i]``
        self.odd: dict[str, int] = {}
        self.count = 0

    def codes_of(self, identifiers: pl.Series) -> NDArray[np.int64]:
        """One integer per identifier, equal exactly when the identifiers are."""
        codes = identifiers.to_frame("id").select(_code_expression(pl.col("id"))).to_series()
        if codes.null_count():
            odd = codes.is_null()
            numbers = self.odd
            found = [
                numbers.setdefault(text, _ODD_BASE + len(numbers))
                for text in identifiers.filter(odd).to_list()
            ]
            codes = codes.scatter(odd.arg_true(), pl.Series(found, dtype=pl.Int64))
        return codes.to_numpy().astype(np.int64, copy=False)

    def find(self, codes: NDArray[np.int64]) -> NDArray[np.int64]:
        """The key of each code, -1 for an unknown one."""
        if not len(self.codes):
            return np.full(len(codes), -1, dtype=np.int64)
        at = np.searchsorted(self.codes, codes)
        inside = at < len(self.codes)
        hit = np.zeros(len(codes), dtype=bool)
        hit[inside] = self.codes[at[inside]] == codes[inside]
        return np.where(hit, self.keys[np.minimum(at, len(self.keys) - 1)], -1)

    def add(self, codes: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Keys for ``codes``, numbering the unknown ones; and where each new person first appears."""
        keys = self.find(codes)
        unknown = np.flatnonzero(keys < 0)
        if not len(unknown):
            return keys, unknown
        distinct, first = np.unique(codes[unknown], return_index=True)
        order = np.argsort(first, kind="stable")  # numbered in order of first appearance
        numbers = np.empty(len(distinct), dtype=np.int64)
        numbers[order] = np.arange(self.count, self.count + len(distinct), dtype=np.int64)
        keys[unknown] = numbers[np.searchsorted(distinct, codes[unknown])]
        self.count += len(distinct)
        at = np.searchsorted(self.codes, distinct)
        self.codes = np.insert(self.codes, at, distinct)
        self.keys = np.insert(self.keys, at, numbers)
        return keys, unknown[first[order]]
