"""Where batches go: COPY text, the helper process (same rows and index as inline), its failures."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from registry.extracts import fingerprint, small_extract
from vigie.config import Settings
from vigie.errors import RegistryError
from vigie.registry import synth
from vigie.registry.load import snapshots
from vigie.registry.load.assemble import Batch
from vigie.registry.load.bulk import copy_text, make_bulk_writer
from vigie.registry.load.loader import LoadOptions, load_registry
from vigie.registry.load.sink import ProcessSink
from vigie.registry.models import Practitioner
from vigie.registry.search import index_files

__all__ = ["small_extract"]

AWKWARD = ["back\\slash", "\\N", "tab\there", "carriage\rreturn", "line\nbreak", "", "Éloïse d'Ô"]


def _person(snapshot_id: int, key: int, last_name: str) -> tuple[object, ...]:
    return (snapshot_id, key, "8", f"1000000000{key}", f"8{key}", "DR", "MME", last_name, "Anne", "10", "Médecin", "C", "Civil")  # fmt: skip


def test_copy_text_escapes_backslashes_and_refuses_what_it_cannot_escape() -> None:
    assert copy_text([(1, 2, "a\\b", "")], ints=2) == b"1\t2\ta\\\\b\t\n"
    assert copy_text([(1, 2, 3, "x"), (1, 2, 4, "y")], ints=3) == b"1\t2\t3\tx\n1\t2\t4\ty\n"
    for value in ("tab\there", "line\nbreak", "carriage\rreturn"):
        assert copy_text([(1, 2, value)], ints=2) is None
    assert copy_text([(1, 2, None)], ints=2) is None


def test_bulk_writer_stores_awkward_values_exactly(
    settings: Settings, engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    snapshot_id = snapshots.create_loading(session_factory, ["a", "b", "c"])
    writer = make_bulk_writer(engine)
    try:
        rows = [_person(snapshot_id, key, name) for key, name in enumerate(AWKWARD)]
        writer.write(Batch(practitioners=rows[:3]))  # a clean batch and a mixed one
        writer.write(Batch(practitioners=rows[3:]))
    finally:
        writer.close()
    with session_factory() as session:
        stored = session.scalars(
            select(Practitioner.last_name)
            .where(Practitioner.snapshot_id == snapshot_id)
            .order_by(Practitioner.person_key)
        ).all()
    assert stored == AWKWARD


def _index_files(directory: Path) -> dict[str, object]:
    files: dict[str, object] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix == ".npy":
            files[path.name] = np.load(path).tobytes()
        elif path.suffix == ".bin":
            files[path.name] = path.read_bytes()
        else:
            meta = json.loads(path.read_text(encoding="utf-8"))
            meta.pop("snapshot_id")
            files[path.name] = meta
    return files


def _rows(engine: Engine, snapshot_id: int) -> list[tuple[object, ...]]:
    found: list[tuple[object, ...]] = []
    with engine.connect() as conn:
        for table, order in (
            ("registry_practitioner", "person_key"),
            ("registry_activity", "person_key, seq"),
            ("registry_savoir_faire", "person_key, code"),
        ):
            sql = f"SELECT * FROM {table} WHERE snapshot_id = :s ORDER BY {order}"  # noqa: S608
            for row in conn.execute(text(sql), {"s": snapshot_id}):
                found.append((table, *row[1:]))  # snapshot_id is the first column
    return found


def test_helper_process_writes_the_same_rows_and_index_as_inline(
    settings: Settings,
    engine: Engine,
    session_factory: sessionmaker[Session],
    small_extract: Path,
    tmp_path: Path,
) -> None:
    inline = load_registry(settings, [str(small_extract)], LoadOptions(helper_process=False))
    helper = load_registry(settings, [str(small_extract)], LoadOptions(helper_process=True))
    assert _rows(engine, inline.snapshot_id) == _rows(engine, helper.snapshot_id)
    index_dir = settings.index_dir
    inline_files = _index_files(index_files.snapshot_index_dir(index_dir, inline.snapshot_id))
    helper_files = _index_files(index_files.snapshot_index_dir(index_dir, helper.snapshot_id))
    assert inline_files == helper_files
    # ...and the index fed from the parsed stream is the one the database would give.
    with session_factory() as session:
        index_files.build_for_snapshot(session, helper.snapshot_id, tmp_path)
    assert (
        _index_files(index_files.snapshot_index_dir(tmp_path, helper.snapshot_id)) == helper_files
    )
    assert helper.timings["sink_write"] > 0


def test_an_error_in_the_helper_comes_back_as_a_registry_error(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    snapshot_id = snapshots.create_loading(session_factory, ["a", "b", "c"])
    sink = ProcessSink(settings, snapshot_id)
    try:
        sink.write(Batch(practitioners=[(snapshot_id, 0, "8")]))  # too few columns
        with pytest.raises(RegistryError, match="writing the snapshot failed"):
            sink.finish()
    finally:
        sink.close()
    assert not sink.process.is_alive()


def test_helper_killed_mid_load_fails_the_load_and_changes_nothing(
    settings: Settings, engine: Engine, small_extract: Path, tmp_path: Path
) -> None:
    load_registry(settings, [str(small_extract)])
    before = fingerprint(engine)
    medium = tmp_path / "medium"
    synth.write(medium, 1000, seed=3)
    killed: list[int] = []

    def kill_helper(_persons: int) -> None:
        for child in multiprocessing.active_children():
            if child.name == "_sink_main" and child.pid and not killed:
                os.kill(child.pid, signal.SIGKILL)
                killed.append(child.pid)

    small_batches = settings.model_copy(update={"registry_batch_rows": 100})
    options = LoadOptions(helper_process=True, after_batch=kill_helper)
    with pytest.raises(RegistryError, match="stopped unexpectedly"):
        load_registry(small_batches, [str(medium)], options)
    assert killed
    assert fingerprint(engine) == before
    result = load_registry(settings, [str(medium)], LoadOptions(helper_process=True))
    assert fingerprint(engine).current == result.snapshot_id
