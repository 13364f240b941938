"""A batch of snapshot rows as Polars frames, and how it crosses a pipe (Arrow IPC, no Python objects).

Columns are those of ``models.ROW_COLUMNS`` in that order: the integer keys (``snapshot_id``,
``person_key``, ``seq``) as integers, every other column as a non-null string.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import polars as pl

from vigie.registry.models import ROW_COLUMNS

PRACTITIONER, ACTIVITY, SAVOIR_FAIRE = (
    "registry_practitioner",
    "registry_activity",
    "registry_savoir_faire",
)
_INTEGERS = {"snapshot_id", "person_key", "seq"}


def schema(table: str) -> dict[str, type[pl.DataType]]:
    return {c: pl.Int64 if c in _INTEGERS else pl.String for c in ROW_COLUMNS[table]}


def empty(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=schema(table))


@dataclass(slots=True)
class FrameBatch:
    """The three tables' new rows; ``len`` counts them all (like ``assemble.Batch``)."""

    practitioners: pl.DataFrame
    activities: pl.DataFrame
    savoir_faire: pl.DataFrame

    def __len__(self) -> int:
        return self.practitioners.height + self.activities.height + self.savoir_faire.height

    def tables(self) -> list[tuple[str, pl.DataFrame]]:
        return [
            (PRACTITIONER, self.practitioners),
            (ACTIVITY, self.activities),
            (SAVOIR_FAIRE, self.savoir_faire),
        ]

    def slices(self, rows: int) -> list[FrameBatch]:
        """This batch cut into batches of about ``rows`` rows per table (the writes' unit)."""
        longest = max(frame.height for _, frame in self.tables())
        return [
            FrameBatch(
                self.practitioners.slice(start, rows),
                self.activities.slice(start, rows),
                self.savoir_faire.slice(start, rows),
            )
            for start in range(0, max(longest, 1), rows)
        ]


def empty_batch() -> FrameBatch:
    return FrameBatch(empty(PRACTITIONER), empty(ACTIVITY), empty(SAVOIR_FAIRE))


def to_ipc(batch: FrameBatch) -> bytes:
    """One Arrow IPC stream per table, length-prefixed, in ``tables()`` order."""
    out = io.BytesIO()
    for _, frame in batch.tables():
        buffer = io.BytesIO()
        frame.write_ipc_stream(buffer)
        data = buffer.getvalue()
        out.write(len(data).to_bytes(8, "little"))
        out.write(data)
    return out.getvalue()


def from_ipc(data: bytes) -> FrameBatch:
    frames: list[pl.DataFrame] = []
    at = 0
    for _ in range(3):
        size = int.from_bytes(data[at : at + 8], "little")
        frames.append(pl.read_ipc_stream(io.BytesIO(data[at + 8 : at + 8 + size])))
        at += 8 + size
    return FrameBatch(*frames)
