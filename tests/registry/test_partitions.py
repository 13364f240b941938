"""PostgreSQL's partition per snapshot: filled unindexed, attached indexed, dropped with its snapshot.

Every test here runs on PostgreSQL only (SQLite keeps plain tables, which the other registry tests
cover on both databases).
"""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from registry.extracts import small_extract
from vigie.config import Settings
from vigie.db.migrate import downgrade, upgrade
from vigie.registry.load import partitions, snapshots
from vigie.registry.load.assemble import Batch
from vigie.registry.load.bulk import PostgresWriter, make_bulk_writer
from vigie.registry.load.frames import FrameBatch, empty, schema
from vigie.registry.load.loader import LoadOptions, load_registry
from vigie.registry.models import Practitioner, Snapshot, SnapshotStatus

__all__ = ["small_extract"]


@pytest.fixture(autouse=True)
def _postgres_only(engine: Engine) -> None:
    if not partitions.applies(engine):
        pytest.skip("partitions are PostgreSQL's; SQLite keeps plain tables")


def _attached(engine: Engine, table: str) -> dict[str, list[str]]:
    """``table``'s partitions and, for each, the parent indexes its own indexes are attached to."""
    sql = """
    SELECT c.relname, coalesce(array_agg(pi.relname::text ORDER BY pi.relname)
                               FILTER (WHERE pi.relname IS NOT NULL), '{}')
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    LEFT JOIN pg_index x ON x.indrelid = c.oid
    LEFT JOIN pg_inherits ii ON ii.inhrelid = x.indexrelid
    LEFT JOIN pg_class pi ON pi.oid = ii.inhparent
    WHERE i.inhparent = CAST(:parent AS regclass)
    GROUP BY c.relname
    """
    with engine.connect() as conn:
        return {name: list(indexes) for name, indexes in conn.execute(text(sql), {"parent": table})}


def _rows(engine: Engine, relation: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {relation}")).scalar_one())  # noqa: S608


def _person(snapshot_id: int, key: int, last_name: str) -> tuple[object, ...]:
    return (snapshot_id, key, "8", f"1000000000{key}", f"8{key}", "DR", "MME", last_name, "Anne", "10", "Médecin", "C", "Civil")  # fmt: skip


def test_a_load_attaches_its_own_indexed_partitions(
    settings: Settings, engine: Engine, session_factory: sessionmaker[Session], small_extract: Path
) -> None:
    result = load_registry(settings, [str(small_extract)], LoadOptions(helper_process=True))
    sid = result.snapshot_id
    practitioners = _attached(engine, "registry_practitioner")
    assert practitioners[f"registry_practitioner_{sid}"] == [
        "ix_registry_practitioner_identifier",
        "pk_registry_practitioner",
    ]
    assert _attached(engine, "registry_activity")[f"registry_activity_{sid}"] == [
        "pk_registry_activity"
    ]
    assert _attached(engine, "registry_savoir_faire")[f"registry_savoir_faire_{sid}"] == [
        "pk_registry_savoir_faire"
    ]
    assert "registry_practitioner_default" in practitioners
    with session_factory() as session:
        snapshot = session.get_one(Snapshot, sid)
    # Every row is in the snapshot's partition, none in the default one.
    assert _rows(engine, partitions.name("registry_practitioner", sid)) == snapshot.persons > 0
    assert _rows(engine, partitions.name("registry_activity", sid)) == snapshot.activities > 0
    assert _rows(engine, partitions.name("registry_savoir_faire", sid)) == snapshot.savoir_faire
    assert _rows(engine, f"{partitions.SCHEMA}.registry_practitioner_default") == 0
    with engine.connect() as conn:  # the partition's statistics are there, the load analysed it
        analysed = conn.execute(
            text(
                "SELECT attname FROM pg_stats WHERE schemaname = :s AND tablename = :t"
                " ORDER BY attname"
            ),
            {"s": partitions.SCHEMA, "t": f"registry_practitioner_{sid}"},
        ).scalars()
        assert list(analysed) == sorted(partitions.ANALYZED_COLUMNS["registry_practitioner"])


def test_a_dead_loads_tables_are_dropped_by_the_next_load(
    settings: Settings, engine: Engine, session_factory: sessionmaker[Session], small_extract: Path
) -> None:
    empty_tables = snapshots.create_loading(session_factory, ["a", "b", "c"])
    attached = snapshots.create_loading(session_factory, ["a", "b", "c"])
    writer = PostgresWriter(engine, snapshot_id=attached)
    try:
        writer.write(Batch(practitioners=[_person(attached, 0, "MARTIN")]))
        writer.finish()  # attached, then the loader died before the switch
    finally:
        writer.close()
    with engine.connect() as conn:
        assert set(partitions.existing(conn)) == {empty_tables, attached}
    assert f"registry_practitioner_{attached}" in _attached(engine, "registry_practitioner")
    result = load_registry(settings, [str(small_extract)])
    assert result.stale_snapshot_ids == [empty_tables, attached]
    with engine.connect() as conn:
        assert set(partitions.existing(conn)) == {result.snapshot_id}
    assert _rows(engine, "registry_practitioner") == _rows(
        engine, partitions.name("registry_practitioner", result.snapshot_id)
    )


def test_an_unfinished_writer_leaves_its_tables_empty(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    """One transaction: what a writer wrote is seen by nobody (its ``TRUNCATE`` even locks the
    tables) until ``finish`` commits it."""
    sid = snapshots.create_loading(session_factory, ["a", "b", "c"])
    writer = PostgresWriter(engine, snapshot_id=sid)
    try:
        writer.write(Batch(practitioners=[_person(sid, 0, "MARTIN")]))
        assert f"registry_practitioner_{sid}" not in _attached(engine, "registry_practitioner")
    finally:
        writer.close()  # a dead helper: its transaction rolls back
    assert _rows(engine, partitions.name("registry_practitioner", sid)) == 0
    assert f"registry_practitioner_{sid}" not in _attached(engine, "registry_practitioner")


def test_orphan_tables_are_dropped_and_complete_snapshots_kept(
    settings: Settings, engine: Engine, session_factory: sessionmaker[Session], small_extract: Path
) -> None:
    kept = load_registry(settings, [str(small_extract)]).snapshot_id
    orphan = snapshots.create_loading(session_factory, ["a", "b", "c"])
    with session_factory.begin() as session:  # a clean-up that marked it but died before dropping
        session.get_one(Snapshot, orphan).status = SnapshotStatus.FAILED
    assert snapshots.clean_stale(session_factory, settings.index_dir) == []
    with engine.connect() as conn:
        assert set(partitions.existing(conn)) == {kept}


def test_dropping_older_snapshots_drops_their_partitions(
    settings: Settings, engine: Engine, small_extract: Path
) -> None:
    first, second, third = (load_registry(settings, [str(small_extract)]) for _ in range(3))
    assert third.dropped_snapshot_ids == [first.snapshot_id]
    with engine.connect() as conn:
        assert set(partitions.existing(conn)) == {second.snapshot_id, third.snapshot_id}
    attached = _attached(engine, "registry_activity")
    assert set(attached) == {
        "registry_activity_default",
        f"registry_activity_{second.snapshot_id}",
        f"registry_activity_{third.snapshot_id}",
    }


def test_a_drop_waits_for_readers_a_moment_at_a_time(
    settings: Settings,
    engine: Engine,
    session_factory: sessionmaker[Session],
    small_extract: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reader holding the parent keeps the drop waiting, retried every 200 ms, until it ends."""
    sid = load_registry(settings, [str(small_extract)]).snapshot_id
    reader = engine.connect()
    reader.execute(text("SELECT COUNT(*) FROM registry_activity WHERE snapshot_id = 0"))
    waits: list[float] = []

    def end_the_read(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:
            reader.rollback()  # the read's transaction ends: the parent's lock is free

    monkeypatch.setattr(time, "sleep", end_the_read)  # the retries' pause
    try:
        snapshots.discard(session_factory, settings.index_dir, sid, SnapshotStatus.DROPPED)
    finally:
        reader.close()
    assert waits == [snapshots.DROP_LOCK_WAIT_MS / 1000] * 3
    with engine.connect() as conn:
        assert sid not in partitions.existing(conn)


def test_rows_written_through_the_parents_go_to_the_default_partition_and_are_dropped(
    settings: Settings, engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    sid = snapshots.create_loading(session_factory, ["a", "b", "c"])
    writer = make_bulk_writer(engine)  # no snapshot: the parents, a commit per batch
    try:
        writer.write(Batch(practitioners=[_person(sid, 0, "MARTIN"), _person(sid, 1, "DURAND")]))
    finally:
        writer.close()
    default = f"{partitions.SCHEMA}.registry_practitioner_default"
    assert _rows(engine, default) == 2
    snapshots.discard(session_factory, settings.index_dir, sid, SnapshotStatus.DROPPED)
    assert _rows(engine, default) == 0
    with engine.connect() as conn:
        assert sid not in partitions.existing(conn)


def test_the_partition_writer_stores_awkward_values_exactly(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    """COPY FREEZE in text form and in CSV (a tab, a carriage return), read back via the parent."""
    names = ["back\\slash", "\\N", '"quoted"', "", "Éloïse d'Ô", "tab\there", "carriage\rreturn"]
    sid = snapshots.create_loading(session_factory, ["a", "b", "c"])
    rows = [_person(sid, key, name) for key, name in enumerate(names)]
    frames = [
        pl.DataFrame(part, schema=schema("registry_practitioner"), orient="row")
        for part in (rows[:5], rows[5:])
    ]
    writer = PostgresWriter(engine, snapshot_id=sid)
    try:
        for frame in frames:
            writer.write(
                FrameBatch(frame, empty("registry_activity"), empty("registry_savoir_faire"))
            )
        writer.finish()
    finally:
        writer.close()
    with session_factory() as session:
        stored = session.scalars(
            select(Practitioner.last_name)
            .where(Practitioner.snapshot_id == sid)
            .order_by(Practitioner.person_key)
        ).all()
    assert stored == names


def test_the_migration_moves_existing_rows_into_partitions(engine: Engine) -> None:
    downgrade(engine, "0014_report_lang")
    with engine.begin() as conn:
        assert not partitions.existing(conn)
        for sid in (3, 5):
            conn.execute(
                text(
                    "INSERT INTO registry_activity (snapshot_id, person_key, seq, mode_code,"
                    " site_name, sign_name, siret, finess, address, postcode, city, commune_code,"
                    " department, phone, sector_code, role_code)"
                    " SELECT :s, k, 0, '', 'site', '', '', '', '', '69006', 'Lyon', '', '69', '', '', ''"
                    " FROM generate_series(0, 9) AS k"
                ),
                {"s": sid},
            )
    upgrade(engine)
    with engine.connect() as conn:
        assert set(partitions.existing(conn)) == {3, 5}
    for sid in (3, 5):
        assert _rows(engine, partitions.name("registry_activity", sid)) == 10
    assert _attached(engine, "registry_activity")["registry_activity_5"] == ["pk_registry_activity"]
    downgrade(engine, "0014_report_lang")
    assert _rows(engine, "registry_activity") == 20
    with engine.connect() as conn:
        kind = conn.execute(
            text("SELECT relkind FROM pg_class WHERE oid = 'registry_activity'::regclass")
        ).scalar_one()
    assert kind == "r"  # a plain table again
    upgrade(engine)
