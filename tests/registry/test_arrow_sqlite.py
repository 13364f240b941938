"""The ADBC SQLite writer keeps a transaction across batches: ``finish`` commits, ``close`` alone
rolls back. It runs in a process of its own (as in a load, where only the helper opens the file
through the driver's SQLite) and the rows are counted here through ``sqlite3``."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from vigie.registry.load import snapshots

_CHILD = textwrap.dedent(
    """
    import sys
    import polars as pl
    from vigie.registry.load.arrow_sqlite import ArrowSqliteWriter
    from vigie.registry.load.frames import ACTIVITY, PRACTITIONER, SAVOIR_FAIRE, FrameBatch, empty, schema

    path, snapshot_id, commit_rows, finish = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    batches = int(sys.argv[5])

    def persons(start):
        rows = {name: [0] * 10 if dtype == pl.Int64 else ["x"] * 10 for name, dtype in schema(PRACTITIONER).items()}
        rows["snapshot_id"] = [snapshot_id] * 10
        rows["person_key"] = list(range(start, start + 10))
        rows["identifier"] = [f"1{key:010d}" for key in rows["person_key"]]
        return pl.DataFrame(rows, schema=schema(PRACTITIONER))

    writer = ArrowSqliteWriter(path, commit_rows=commit_rows)
    for batch in range(batches):
        writer.write(FrameBatch(persons(batch * 10), empty(ACTIVITY), empty(SAVOIR_FAIRE)))
    if finish == "finish":
        writer.finish()
    writer.close()
    """
)


@pytest.mark.parametrize(
    ("commit_rows", "finish", "batches", "expected"),
    [(25, "finish", 5, 50), (25, "close", 5, 30), (1000, "close", 5, 0), (1000, "close", 9, 80)],
)
def test_rows_are_committed_by_finish_and_every_commit_rows(
    engine: Engine,
    session_factory: sessionmaker[Session],
    commit_rows: int,
    finish: str,
    batches: int,
    expected: int,
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the ADBC writer is SQLite's")
    snapshot_id = snapshots.create_loading(session_factory, ["a", "b", "c"])
    path = str(engine.url.database)
    engine.dispose()
    args = [path, str(snapshot_id), str(commit_rows), finish, str(batches)]
    subprocess.run([sys.executable, "-c", _CHILD, *args], check=True)
    with engine.connect() as conn:
        count = conn.execute(
            text("SELECT count(*) FROM registry_practitioner WHERE snapshot_id = :s"),
            {"s": snapshot_id},
        ).scalar_one()
    assert count == expected
