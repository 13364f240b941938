"""Assemble parsed rows into one snapshot's table rows (pure: no database, no I/O).

The extract has one row per activity; a snapshot has one practitioner per identifier, numbered with
a dense ``person_key`` (0..N-1) that the search index uses, then that person's activities (``seq``
0..k-1) and the union of their savoir-faire from both files, without duplicates.
"""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field

from vigie.registry.load.parser import ParsedActivity, RowError, SavoirFaireRow

SAMPLE_REJECTS = 20


@dataclass(slots=True)
class Batch:
    practitioners: list[tuple[object, ...]] = field(default_factory=list)
    activities: list[tuple[object, ...]] = field(default_factory=list)
    savoir_faire: list[tuple[object, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.practitioners) + len(self.activities) + len(self.savoir_faire)


@dataclass(slots=True)
class Tally:
    """What the load saw, for the summary and the snapshot row."""

    rows_read: int = 0
    rows_rejected: int = 0
    persons: int = 0
    activities: int = 0
    savoir_faire: int = 0
    savoir_faire_orphans: int = 0
    by_profession: Counter[str] = field(default_factory=Counter)
    rejects_sample: list[RowError] = field(default_factory=list)

    def reject(self, error: RowError) -> None:
        self.rows_rejected += 1
        if len(self.rejects_sample) < SAMPLE_REJECTS:
            self.rejects_sample.append(error)


class Assembler:
    """Accumulates rows for ``snapshot_id``; ``take()`` hands over what is ready to write."""

    def __init__(self, snapshot_id: int) -> None:
        self.snapshot_id = snapshot_id
        self.keys: dict[str, int] = {}
        self.activity_counts = array("i")
        # (person, savoir-faire) pairs already attached, as ``code_id << 32 | key`` ints: a
        # million tuples of (int, str) would cost three times the memory.
        self.seen_savoir_faire: set[int] = set()
        self.savoir_faire_ids: dict[str, int] = {}
        self.tally = Tally()
        self.batch = Batch()

    def add_activity(self, parsed: ParsedActivity) -> None:
        identifier, person, activity, savoir_faire = parsed
        key = self.keys.get(identifier)
        if key is None:
            if person is None:  # cannot happen with a parser's output; keep the invariant anyway
                raise ValueError(f"first row of {identifier} without its person columns")
            key = self.keys[identifier] = len(self.keys)
            self.activity_counts.append(0)
            self.batch.practitioners.append((self.snapshot_id, key, *person))
            self.tally.by_profession[person[7]] += 1
        if activity is not None:
            seq = self.activity_counts[key]
            self.activity_counts[key] = seq + 1
            self.batch.activities.append((self.snapshot_id, key, seq, *activity))
        if savoir_faire is not None:
            self._add_savoir_faire(key, savoir_faire)

    def add_savoir_faire(self, identifier: str, row: SavoirFaireRow) -> None:
        key = self.keys.get(identifier)
        if key is None:
            # Listed in SavoirFaire but not in Personne_activite: nothing to attach it to.
            self.tally.savoir_faire_orphans += 1
            return
        self._add_savoir_faire(key, row)

    def _add_savoir_faire(self, key: int, row: SavoirFaireRow) -> None:
        ids = self.savoir_faire_ids
        code_id = ids.get(row[0])
        if code_id is None:
            code_id = ids[row[0]] = len(ids)
        marker = code_id << 32 | key
        if marker in self.seen_savoir_faire:
            return
        self.seen_savoir_faire.add(marker)
        self.batch.savoir_faire.append((self.snapshot_id, key, *row))

    def release(self) -> None:
        """Drop the per-person maps once every file is read (the index build needs the memory)."""
        self.keys = {}
        self.activity_counts = array("i")
        self.seen_savoir_faire = set()
        self.savoir_faire_ids = {}

    def take(self) -> Batch:
        batch, self.batch = self.batch, Batch()
        self.tally.persons += len(batch.practitioners)
        self.tally.activities += len(batch.activities)
        self.tally.savoir_faire += len(batch.savoir_faire)
        return batch
