"""Accumulators that turn streamed registry rows into the search index's arrays.

Names repeat a lot (a few hundred thousand distinct surnames for a million people), so folding is
memoised per raw name; rows are kept in compact ``array`` buffers, never as Python objects, so a
national build stays within a few hundred megabytes.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from vigie.registry.normalize import city_key, department_of, name_tokens

if TYPE_CHECKING:  # ``add_frame`` runs in the loader's helper; readers never import Polars
    import polars as pl


class PersonTables:
    """Per-person tokens, name and profession, addressed by position (person_key order).

    Identifiers are not indexed here: the database's unique ``(snapshot_id, identifier)`` index
    answers an exact lookup in a fraction of a millisecond.
    """

    def __init__(self) -> None:
        self.person_keys = array("q")
        self.token_counts = array("i")
        self.tokens = array("i")  # provisional token ids until ``arrays`` sorts the vocabulary
        self.profession_ids = array("B")
        self.category_ids = array("B")  # the directory reads a person's verdict from arrays
        self.categories: list[str] = []
        # Same registered name, same score: the search scores each distinct name once.
        self.name_ids = array("i")
        self._full_names: dict[tuple[str, str], int] = {}
        self.professions: list[str] = [""]
        self._profession_index: dict[str, int] = {}
        self._token_ids: dict[str, int] = {}
        self._names: dict[str, tuple[int, ...]] = {}
        self.vocabulary: list[str] = []
        self.final_ids = np.zeros(0, dtype=np.int32)  # provisional token id -> vocabulary place
        # ``add_frame``'s per-name tables (tokens of name number i: ``_name_tokens[start:+len]``)
        # and its full-name numbering (sorted (last, first) codes and their ids).
        self._name_numbers: dict[str, int] = {}
        self._name_starts = array("q")
        self._name_lengths = array("q")
        self._name_tokens = array("i")
        self._full_codes = np.zeros(0, dtype=np.int64)
        self._full_code_ids = np.zeros(0, dtype=np.int64)
        self._known_names = _KnownRows()

    @property
    def count(self) -> int:
        return len(self.person_keys)

    def add_columns(
        self,
        keys: Sequence[int],
        last_names: Sequence[str],
        first_names: Sequence[str],
        professions: Sequence[str],
        categories: Sequence[str] = (),
    ) -> None:
        """Columns at once: the per-row work is a few dict lookups in list comprehensions."""
        names = self._names
        lasts = [names.get(n) or self._name_ids(n) for n in last_names]
        firsts = [names.get(n) or self._name_ids(n) for n in first_names]
        self.person_keys.extend(keys)
        self.token_counts.extend([len(a) + len(b) for a, b in zip(lasts, firsts, strict=True)])
        self.tokens.extend(
            chain.from_iterable(chain.from_iterable(zip(lasts, firsts, strict=True)))
        )
        full = self._full_names
        pairs = zip(last_names, first_names, strict=True)
        self.name_ids.extend([full.setdefault(pair, len(full)) for pair in pairs])
        known = self._profession_index
        self.profession_ids.extend([known.get(p) or self._profession_id(p) for p in professions])
        kinds = self.categories
        for category in sorted(set(categories) - set(kinds)):
            kinds.append(category)
        at = {category: i for i, category in enumerate(kinds)}
        self.category_ids.extend([at[c] for c in categories] or [0] * len(keys))

    def add_frame(self, frame: pl.DataFrame) -> None:
        """``add_columns`` for a frame of ``registry_practitioner`` rows: the same arrays, with
        Python touching each distinct name, profession and category of the batch once and numpy
        doing the per-row work (tokens gathered per name, full names numbered by sorted codes)."""
        lasts, firsts = frame["last_name"], frame["first_name"]
        last, first = self._name_numbers_of(lasts), self._name_numbers_of(firsts)
        segments = np.empty(2 * len(last), dtype=np.int64)
        segments[0::2], segments[1::2] = last, first  # a person's last-name tokens come first
        starts = np.frombuffer(self._name_starts, dtype=np.int64)[segments]
        lengths = np.frombuffer(self._name_lengths, dtype=np.int64)[segments]
        flat = np.frombuffer(self._name_tokens, dtype=np.int32)
        at = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        tokens = flat[at + np.arange(len(at), dtype=np.int64)]
        del starts, flat  # no numpy view may outlive an ``array.extend``
        self.person_keys.frombytes(frame["person_key"].to_numpy().astype(np.int64).tobytes())
        self.token_counts.frombytes((lengths[0::2] + lengths[1::2]).astype(np.int32).tobytes())
        self.tokens.frombytes(tokens.tobytes())
        self.name_ids.frombytes(self._full_name_ids(last * (1 << 32) + first).tobytes())
        self._add_kinds(frame["profession_code"], frame["category_code"])

    def _name_numbers_of(self, names: pl.Series) -> NDArray[np.int64]:
        """``_name_number`` of each name; Python sees only the names not met in earlier batches.

        Looking every distinct name of every batch up in a dict cost ~1.5 CPU-seconds at national
        scale (2.4 million lookups for 205,000 names); the names already numbered are found in
        bulk instead (``_KnownRows``), the new ones numbered and tokenised one by one.
        """
        numbers = self._known_names.find(names.to_frame())
        missing = numbers < 0
        if missing.any():
            import polars as pl

            rows = names.filter(pl.Series(missing))
            new = rows.unique(maintain_order=True)
            assigned, fresh = self._number_names(new.to_list())
            self._known_names.add(new.filter(pl.Series(fresh)).to_frame(), assigned[fresh])
            codes = pl.Series(assigned, dtype=pl.Int64)
            numbers[missing] = rows.replace_strict(new, codes, return_dtype=pl.Int64).to_numpy()
        return numbers

    def _number_names(self, names: list[str]) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        """A number per distinct raw name, with its tokens at ``_name_starts[number]``; and
        which names got a new number.

        ``names`` are new to ``_KnownRows``; one already numbered (its hash collided) keeps its
        number. The loop tokenises; the tables grow once per batch.
        """
        known, tokens_of = self._name_numbers, self._names
        numbers = np.array([known.get(name, -1) for name in names], dtype=np.int64)
        fresh = [name for name, number in zip(names, numbers.tolist(), strict=True) if number < 0]
        if fresh:
            ids = [tokens_of.get(name) or self._name_ids(name) for name in fresh]
            first = len(self._name_starts)
            known.update(zip(fresh, range(first, first + len(fresh)), strict=True))
            lengths = np.array([len(i) for i in ids], dtype=np.int64)
            starts = np.cumsum(lengths) - lengths + len(self._name_tokens)
            self._name_starts.frombytes(starts.tobytes())
            self._name_lengths.frombytes(lengths.tobytes())
            self._name_tokens.extend(chain.from_iterable(ids))
        new = numbers < 0
        numbers[new] = np.arange(len(self._name_starts) - len(fresh), len(self._name_starts))
        return numbers, new

    def _full_name_ids(self, codes: NDArray[np.int64]) -> NDArray[np.int32]:
        """``add_columns``' full-name numbers (first appearance) for (last, first) name codes."""
        known, ids = self._full_codes, self._full_code_ids
        at = np.minimum(search_sorted(known, codes), max(len(known) - 1, 0))
        found = (known[at] == codes) if len(known) else np.zeros(len(codes), dtype=bool)
        result = np.where(found, ids[at] if len(ids) else 0, -1)
        unknown = np.flatnonzero(~found)
        if len(unknown):
            distinct, first = np.unique(codes[unknown], return_index=True)
            numbers = np.empty(len(distinct), dtype=np.int64)
            count = len(known)
            numbers[np.argsort(first, kind="stable")] = np.arange(count, count + len(distinct))
            result[unknown] = numbers[np.searchsorted(distinct, codes[unknown])]
            where = np.searchsorted(known, distinct)
            self._full_codes = np.insert(known, where, distinct)
            self._full_code_ids = np.insert(ids, where, numbers)
        return result.astype(np.int32)

    def _add_kinds(self, professions: pl.Series, categories: pl.Series) -> None:
        """Profession and category ids as ``add_columns`` gives them (first seen, sorted per batch)."""
        import polars as pl

        known = self._profession_index
        for code in professions.unique(maintain_order=True).to_list():
            if not known.get(code):
                self._profession_id(code)
        ids = professions.replace_strict(known, return_dtype=pl.UInt8).to_numpy()
        self.profession_ids.frombytes(ids.tobytes())
        kinds = self.categories
        for category in sorted(set(categories.unique().to_list()) - set(kinds)):
            kinds.append(category)
        at = {category: i for i, category in enumerate(kinds)}
        numbers = categories.replace_strict(at, return_dtype=pl.UInt8).to_numpy()
        self.category_ids.frombytes(numbers.tobytes())

    def tokens_since(self, count: int) -> list[str]:
        """The tokens of provisional ids ``count`` and up, in id order (the newest ones)."""
        new = len(self._token_ids) - count
        return list(islice(reversed(self._token_ids), new))[::-1] if new > 0 else []

    def key_positions(self) -> NDArray[np.int64]:
        return np.frombuffer(self.person_keys, dtype=np.int64)

    def arrays(self) -> dict[str, NDArray[Any]]:
        provisional = list(self._token_ids)
        order = sorted(range(len(provisional)), key=provisional.__getitem__)
        self.vocabulary = [provisional[i] for i in order]
        remap = np.empty(len(order), dtype=np.int32)
        remap[np.array(order, dtype=np.int64)] = np.arange(len(order), dtype=np.int32)
        self.final_ids = remap
        tokens = (
            remap[np.frombuffer(self.tokens, dtype=np.int32)]
            if self.tokens
            else np.zeros(0, np.int32)
        )
        offsets = np.zeros(self.count + 1, dtype=np.int64)
        np.cumsum(np.frombuffer(self.token_counts, dtype=np.int32), out=offsets[1:])
        base: dict[str, NDArray[Any]] = {"person_tok_off": offsets, "person_tok": tokens}
        return (
            base
            | _postings(tokens, offsets, len(self.vocabulary))
            | {"tok_text": _fixed_width(self.vocabulary)}
            | self._identity_arrays()
        )

    def _identity_arrays(self) -> dict[str, NDArray[Any]]:
        return {
            "person_key": np.frombuffer(self.person_keys, dtype=np.int64).copy(),
            "person_prof": np.frombuffer(self.profession_ids, dtype=np.uint8).copy(),
            "person_cat": np.frombuffer(self.category_ids, dtype=np.uint8).copy(),
            "person_name": np.frombuffer(self.name_ids, dtype=np.int32).copy(),
        }

    def _name_ids(self, name: str) -> tuple[int, ...]:
        ids = self._names.get(name)
        if ids is None:
            ids = tuple(
                self._token_ids.setdefault(t, len(self._token_ids)) for t in name_tokens(name)
            )
            self._names[name] = ids
        return ids

    def _profession_id(self, code: str) -> int:
        """Ids start at 1 (0 is a placeholder) so that a falsy lookup means "not seen yet"."""
        self._profession_index[code] = len(self.professions)
        self.professions.append(code)
        return len(self.professions) - 1


class _KnownRows:
    """Distinct rows (a raw name; a place's city, postcode and department) -> their number,
    looked up for a whole frame at once.

    Rows are found by a 64-bit hash in a sorted array, and every hit is checked against the row
    stored under that number, so a hash collision only sends a row back to the caller's dict
    (never to a wrong number). Numbers are given in order from ``first``, one per added row.
    """

    def __init__(self, first: int = 0) -> None:
        self.first = first
        self.hashes = np.zeros(0, dtype=np.uint64)  # sorted
        self.numbers = np.zeros(0, dtype=np.int64)  # the number of ``hashes[i]``
        self.by_number: list[pl.DataFrame] = []  # rows, position = number - first
        self._rows: pl.DataFrame | None = None

    def find(self, rows: pl.DataFrame) -> NDArray[np.int64]:
        """The number of each row, -1 for one not added yet (or whose hash collides)."""
        hashes = rows.hash_rows(seed=0).to_numpy()
        if not len(self.hashes):
            return np.full(len(hashes), -1, dtype=np.int64)
        at = np.minimum(search_sorted(self.hashes, hashes), len(self.hashes) - 1)
        numbers = np.where(self.hashes[at] == hashes, self.numbers[at], -1)
        hit = np.flatnonzero(numbers >= 0)
        stored, given = self._all()[numbers[hit] - self.first], rows[hit]
        same = np.ones(len(hit), dtype=bool)
        for a, b in zip(stored.iter_columns(), given.iter_columns(), strict=True):
            same &= (a == b).fill_null(value=False).to_numpy()
        numbers[hit[~same]] = -1
        return numbers

    def add(self, rows: pl.DataFrame, numbers: NDArray[np.int64]) -> None:
        """``rows`` (distinct, new) numbered ``numbers``: the next numbers, in order."""
        self.by_number.append(rows.rename(lambda name: str(rows.columns.index(name))))
        self._rows = None
        hashes = rows.hash_rows(seed=0).to_numpy()
        order = np.argsort(hashes, kind="stable")
        hashes, numbers = hashes[order], numbers[order]
        where = np.searchsorted(self.hashes, hashes)
        self.hashes = np.insert(self.hashes, where, hashes)
        self.numbers = np.insert(self.numbers, where, numbers)

    def _all(self) -> pl.DataFrame:
        if self._rows is None:
            import polars as pl

            self._rows = pl.concat(self.by_number).rechunk()
            self.by_number = [self._rows]
        return self._rows


class ActivityTables:
    """Per-person places (city key, postcode, department), for filters and city recognition."""

    def __init__(self) -> None:
        self.owner_keys = array("q")
        self.place_ids = array("i")
        # Place ids start at 1 so that a falsy lookup result always means "not seen yet".
        self._place_index: dict[tuple[str, str, str], int] = {}
        self._places: list[tuple[int, int, int]] = [(-1, -1, -1)]
        self.cities: list[str] = []
        self.departments: list[str] = []
        self._city_index: dict[str, int] = {}
        self._department_index: dict[str, int] = {}
        self._known_places = _KnownRows(first=1)

    def add_columns(
        self,
        keys: Sequence[int],
        cities: Sequence[str],
        postcodes: Sequence[str],
        departments: Sequence[str],
    ) -> None:
        """Each distinct (city, postcode, department) is read once; rows only get its number."""
        places = (cities, postcodes, departments)
        index = self._place_index
        self.owner_keys.extend(keys)
        self.place_ids.extend(
            [index.get(p) or self._place_id(p) for p in zip(*places, strict=True)]
        )

    def add_frame(self, frame: pl.DataFrame) -> None:
        """``add_columns`` for a frame of ``registry_activity`` rows: the same arrays, with Python
        touching only the places not met in earlier batches (a list per column and a dict lookup
        per row cost ~1 CPU-second at national scale, 2.1 million activities)."""
        import polars as pl

        places = frame.select("city", "postcode", "department")
        ids = self._known_places.find(places)
        missing = ids < 0
        if missing.any():
            rows = places.filter(pl.Series(missing))
            new = rows.unique(maintain_order=True)
            index, before = self._place_index, len(self._places)
            numbers = [index.get(p) or self._place_id(p) for p in new.iter_rows()]
            assigned = np.array(numbers, dtype=np.int64)
            fresh = assigned >= before
            self._known_places.add(new.filter(pl.Series(fresh)), assigned[fresh])
            numbered = new.with_columns(pl.Series("_id", assigned, dtype=pl.Int64))
            found = rows.join(numbered, on=list(places.columns), how="left", maintain_order="left")
            ids[missing] = found["_id"].to_numpy()
        self.owner_keys.frombytes(frame["person_key"].to_numpy().astype(np.int64).tobytes())
        self.place_ids.frombytes(ids.astype(np.int32).tobytes())

    def arrays(self, person_keys: NDArray[np.int64]) -> dict[str, NDArray[Any]]:
        """``person_keys``: every person's key, sorted (places are addressed by person position)."""
        if not self.owner_keys:
            owners = np.zeros(0, dtype=np.int64)
        else:
            owners = np.searchsorted(person_keys, np.frombuffer(self.owner_keys, dtype=np.int64))
        order = np.argsort(owners, kind="stable")
        offsets = np.zeros(len(person_keys) + 1, dtype=np.int64)
        np.cumsum(np.bincount(owners, minlength=len(person_keys)), out=offsets[1:])
        places = np.array(self._places, dtype=np.int32).reshape(-1, 3)
        rows = places[np.frombuffer(self.place_ids, dtype=np.int32)[order]]
        return {
            "act_off": offsets,
            "act_city": np.ascontiguousarray(rows[:, 0]),
            "act_postcode": np.ascontiguousarray(rows[:, 1]),
            "act_dept": rows[:, 2].astype(np.int16),
        }

    def _place_id(self, place: tuple[str, str, str]) -> int:
        city, postcode, department = place
        code = int(postcode) if len(postcode) == 5 and postcode.isdigit() else -1
        department_id = self._department_id(department or department_of(postcode))
        self._places.append((self._city_id(city), code, department_id))
        self._place_index[place] = len(self._places) - 1
        return len(self._places) - 1

    def _city_id(self, city: str) -> int:
        key = city_key(city)
        if not key:
            return -1
        found = self._city_index.get(key)
        if found is None:
            found = self._city_index[key] = len(self.cities)
            self.cities.append(key)
        return found

    def _department_id(self, department: str) -> int:
        found = self._department_index.get(department)
        if found is None:
            found = self._department_index[department] = len(self.departments)
            self.departments.append(department)
        return found


def search_sorted(haystack: NDArray[Any], needles: NDArray[Any]) -> NDArray[np.int64]:
    """``np.searchsorted(haystack, needles)``, needles sorted first: numpy starts each binary
    search from the previous result when the needles ascend, so a batch of random keys into a
    million sorted ones costs a fifth of the time (the cache misses of a million-row table)."""
    if len(needles) < 2:
        return np.searchsorted(haystack, needles).astype(np.int64)
    order = np.argsort(needles, kind="stable")
    at = np.empty(len(needles), dtype=np.int64)
    at[order] = np.searchsorted(haystack, needles[order])
    return at


def _postings(
    tokens: NDArray[np.int32], offsets: NDArray[np.int64], vocabulary_size: int
) -> dict[str, NDArray[Any]]:
    """Token → sorted person positions (CSR), for one-word queries."""
    owners = np.repeat(np.arange(len(offsets) - 1, dtype=np.int32), np.diff(offsets))
    order = np.lexsort((owners, tokens))
    post_off = np.zeros(vocabulary_size + 1, dtype=np.int64)
    np.cumsum(np.bincount(tokens, minlength=vocabulary_size), out=post_off[1:])
    return {"tok_post_off": post_off, "tok_post": owners[order]}


def _fixed_width(values: list[str]) -> NDArray[Any]:
    """Folded tokens are ASCII: a fixed-width bytes array is memory-mappable and sliced in bulk."""
    width = max((len(value) for value in values), default=1)
    return np.array([value.encode("ascii", "replace") for value in values], dtype=f"S{width}")
