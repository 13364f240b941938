"""A columnar batch crosses the pipe to the helper intact (``frames.to_ipc`` / ``from_ipc``)."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from vigie.registry.load.frames import (
    ACTIVITY,
    PRACTITIONER,
    FrameBatch,
    empty,
    from_ipc,
    schema,
    to_ipc,
)
from vigie.registry.models import ROW_COLUMNS


def _frame(table: str, rows: int) -> pl.DataFrame:
    columns = {
        name: (
            pl.Series(name, range(rows), dtype=pl.Int64)
            if dtype == pl.Int64
            else pl.Series(name, [f"{name} {i} é|\t" * (i % 3) for i in range(rows)])
        )
        for name, dtype in schema(table).items()
    }
    return pl.DataFrame(columns)


def test_a_batch_round_trips_through_ipc_with_an_empty_table() -> None:
    practitioners = _frame(PRACTITIONER, 1000).slice(10, 500)  # views into a larger buffer
    activities = _frame(ACTIVITY, 1200)
    batch = FrameBatch(practitioners, activities, empty("registry_savoir_faire"))
    back = from_ipc(to_ipc(batch))
    for (_, sent), (table, got) in zip(batch.tables(), back.tables(), strict=True):
        assert got.columns == list(ROW_COLUMNS[table])
        assert_frame_equal(got, sent)
    assert len(back) == 1700
