"""Each bad input fails with a clear error and leaves the current snapshot current and unchanged."""

from __future__ import annotations

import multiprocessing
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from registry.extracts import (
    ACTIVITY,
    DIPLOMA,
    SAVOIR_FAIRE,
    copy_extract,
    fingerprint,
    read_lines,
    small_extract,
    write_lines,
)
from vigie.config import Settings
from vigie.errors import RegistryError, RegistryFormatError
from vigie.registry import services, synth
from vigie.registry.load.loader import LoadOptions, load_registry
from vigie.registry.models import Snapshot, SnapshotStatus

__all__ = ["small_extract"]


def empty_file(d: Path) -> list[str]:
    (d / SAVOIR_FAIRE).write_bytes(b"")
    return [str(d)]


def truncated_last_line(d: Path) -> list[str]:
    data = (d / ACTIVITY).read_bytes()
    (d / ACTIVITY).write_bytes(data[: len(data) - 150])  # cut inside the last line
    return [str(d)]


def latin1_file(d: Path) -> list[str]:
    text = (d / ACTIVITY).read_text(encoding="utf-8")
    (d / ACTIVITY).write_bytes(text.encode("latin-1", errors="replace"))
    return [str(d)]


def latin1_line(d: Path) -> list[str]:
    lines = read_lines(d / ACTIVITY)
    data = b"".join(line.encode() for line in lines[:40])
    data += lines[40].replace(lines[40].split("|")[7], "LEFÈVRE").encode("latin-1")
    (d / ACTIVITY).write_bytes(data + b"".join(line.encode() for line in lines[41:]))
    return [str(d)]


def renamed_column(d: Path) -> list[str]:
    lines = read_lines(d / ACTIVITY)
    lines[0] = lines[0].replace("|Identifiant PP|", "|Identifiant RPPS|")
    write_lines(d / ACTIVITY, lines)
    return [str(d)]


def ten_percent_rejects(d: Path) -> list[str]:
    lines = read_lines(d / ACTIVITY)
    for i in range(1, len(lines), 10):  # break the Luhn digit of every tenth row
        fields = lines[i].split("|")
        if fields[0] == "8":
            fields[1] = fields[1][:-1] + str((int(fields[1][-1]) + 1) % 10)
            fields[2] = "8" + fields[1]
        else:
            fields[1] = "12"
        lines[i] = "|".join(fields)
    write_lines(d / ACTIVITY, lines)
    return [str(d)]


def zip_missing_member(d: Path) -> list[str]:
    archive = d / "PS_LibreAcces_202511020815.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.write(d / ACTIVITY, "PS_LibreAcces_Personne_activite_202511020815.txt")
        out.write(d / DIPLOMA, "PS_LibreAcces_Dipl_AutExerc_202511020815.txt")
    return [str(archive)]


def header_only(d: Path) -> list[str]:
    write_lines(d / ACTIVITY, read_lines(d / ACTIVITY)[:1])
    return [str(d)]


def not_a_zip(d: Path) -> list[str]:
    (d / "PS_LibreAcces_202511020815.zip").write_bytes(b"PK\x03\x04 not really")
    return [str(d / "PS_LibreAcces_202511020815.zip")]


CASES: list[tuple[str, Callable[[Path], list[str]], str]] = [
    ("empty file", empty_file, r"savoirfaire\.txt: the file is empty"),
    ("truncated last line", truncated_last_line, r"ends in the middle of a line.*truncated"),
    ("latin-1 file", latin1_file, r"personne-activite\.txt, line 1: .*not valid UTF-8"),
    ("latin-1 line", latin1_line, r"personne-activite\.txt, line 41: .*not valid UTF-8"),
    ("renamed column", renamed_column, r"lacks required column.*'Identifiant PP'"),
    ("10% rejects", ten_percent_rejects, r"rows rejected \(10\.\d%, above the 1\.0% threshold\)"),
    ("zip missing member", zip_missing_member, r"lacks the extract file.*savoirfaire"),
    ("header only", header_only, r"no practitioner rows"),
    ("not a zip", not_a_zip, r"not a readable zip"),
]


@pytest.mark.parametrize("helper", [False, True], ids=["threads", "helper-process"])
@pytest.mark.parametrize(("name", "breaker", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_changes_nothing(
    settings: Settings,
    engine: Engine,
    session_factory: sessionmaker[Session],
    small_extract: Path,
    tmp_path: Path,
    name: str,
    breaker: Callable[[Path], list[str]],
    message: str,
    helper: bool,
) -> None:
    good = load_registry(settings, [str(small_extract)])
    before = fingerprint(engine)
    sources = breaker(copy_extract(small_extract, tmp_path / "bad"))
    with pytest.raises(RegistryError, match=message):
        load_registry(settings, sources, LoadOptions(helper_process=helper))
    assert fingerprint(engine) == before
    assert not list(settings.index_dir.glob(".snapshot-*"))  # no half-built index left
    assert not [p for p in multiprocessing.active_children() if p.name == "_sink_main"]
    assert before.current == good.snapshot_id
    assert before.stray_rows == 0
    with session_factory() as session:
        statuses = session.scalars(select(Snapshot.status).order_by(Snapshot.id)).all()
    assert statuses[-1] in (SnapshotStatus.FAILED, SnapshotStatus.COMPLETE)
    assert SnapshotStatus.LOADING not in statuses


def test_reject_threshold_is_configurable(
    settings: Settings, engine: Engine, small_extract: Path, tmp_path: Path
) -> None:
    sources = ten_percent_rejects(copy_extract(small_extract, tmp_path / "bad"))
    with pytest.raises(RegistryFormatError):
        load_registry(settings.model_copy(update={"registry_reject_threshold": 0.05}), sources)
    result = load_registry(settings, sources, LoadOptions(max_reject_rate=0.2))
    activity_rows = len(read_lines(Path(sources[0]) / ACTIVITY)) - 1
    assert result.tally.rows_rejected == len(range(1, activity_rows + 1, 10))
    assert result.tally.rejects_sample[0].line == 2
    assert (
        "Luhn" in result.tally.rejects_sample[0].reason
        or "not 9" in result.tally.rejects_sample[0].reason
    )
    assert fingerprint(engine).current == result.snapshot_id


def test_failed_snapshot_records_its_error(
    settings: Settings, session_factory: sessionmaker[Session], small_extract: Path, tmp_path: Path
) -> None:
    sources = renamed_column(copy_extract(small_extract, tmp_path / "bad"))
    with pytest.raises(RegistryFormatError):
        load_registry(settings, sources)
    with session_factory() as session:
        failed = session.scalars(select(Snapshot)).one()
    assert failed.status == SnapshotStatus.FAILED
    with session_factory() as session:
        status = services.registry_status(session)
    assert status.loaded is False
    assert status.last_failed_load is not None
    assert status.last_failed_load.snapshot_id == failed.id
    assert "Identifiant PP" in status.last_failed_load.error
    assert failed.error is not None
    assert "Identifiant PP" in failed.error


def test_a_registry_that_shrank_too_much_is_refused(
    settings: Settings, engine: Engine, small_extract: Path, tmp_path: Path
) -> None:
    load_registry(settings, [str(small_extract)])
    before = fingerprint(engine)
    synth.write(tmp_path / "small", 120, seed=7)
    with pytest.raises(
        RegistryFormatError, match=r"120 persons, the current registry 300 \(below 50%\)"
    ):
        load_registry(settings, [str(tmp_path / "small")])
    assert fingerprint(engine) == before
    result = load_registry(settings, [str(tmp_path / "small")], LoadOptions(allow_shrink=True))
    assert fingerprint(engine).current == result.snapshot_id
