"""Loading snapshots on SQLite and PostgreSQL: counts, switch, retention, status, diff, sources."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from registry.extracts import (
    ACTIVITY,
    DIPLOMA,
    SAVOIR_FAIRE,
    SMALL_PERSONS,
    copy_extract,
    fingerprint,
    other_extract,
    read_lines,
    small_extract,
    write_lines,
)
from vigie.config import Settings
from vigie.errors import NoSnapshot
from vigie.registry import diff, services
from vigie.registry.load.loader import load_registry
from vigie.registry.models import Practitioner, SavoirFaire, Snapshot, SnapshotStatus
from vigie.registry.search.index_files import snapshot_index_dir

__all__ = ["other_extract", "small_extract"]


def test_first_load_makes_a_current_snapshot(
    settings: Settings, engine: Engine, session_factory: sessionmaker[Session], small_extract: Path
) -> None:
    with session_factory() as session:
        assert services.registry_status(session).loaded is False
        with pytest.raises(NoSnapshot):
            services.require_current_snapshot(session)
    result = load_registry(settings, [str(small_extract)])
    assert result.tally.persons == SMALL_PERSONS
    assert result.tally.rows_rejected == 0
    print_ = fingerprint(engine)
    assert print_.current == result.snapshot_id
    assert print_.previous is None
    assert print_.practitioners == SMALL_PERSONS
    assert print_.activities == result.tally.activities > SMALL_PERSONS
    with session_factory() as session:
        status = services.registry_status(session)
    assert status.loaded
    assert status.snapshot_id == result.snapshot_id
    assert status.source_date_origin == "load_time"  # modern file names carry no date
    assert status.loaded_at is not None
    assert status.loaded_at.utcoffset() is not None
    assert sum(status.counts_by_profession.values()) == SMALL_PERSONS
    assert status.counts_by_profession["10"] > 0
    assert snapshot_index_dir(settings.index_dir, result.snapshot_id).parent == settings.index_dir


def test_all_savoir_faire_of_a_person_are_kept(
    settings: Settings, session_factory: sessionmaker[Session], small_extract: Path
) -> None:
    load_registry(settings, [str(small_extract)])
    with session_factory() as session:
        snapshot = services.require_current_snapshot(session)
        surgeon = session.scalars(
            select(Practitioner).where(
                Practitioner.snapshot_id == snapshot.id, Practitioner.identifier == "10000000066"
            )
        ).one()
        codes = session.scalars(
            select(SavoirFaire.code).where(
                SavoirFaire.snapshot_id == snapshot.id,
                SavoirFaire.person_key == surgeon.person_key,
            )
        ).all()
    assert sorted(codes) == [
        "C83",
        "SM10",
    ]  # the activity rows carry SM10 only; C83 comes from SavoirFaire


def test_keeps_previous_and_drops_older_snapshots(
    settings: Settings, engine: Engine, session_factory: sessionmaker[Session], small_extract: Path
) -> None:
    first = load_registry(settings, [str(small_extract)])
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    snapshot_index_dir(settings.index_dir, first.snapshot_id).mkdir(exist_ok=True)
    second = load_registry(settings, [str(small_extract)])
    assert second.replaced_snapshot_id == first.snapshot_id
    assert second.dropped_snapshot_ids == []
    third = load_registry(settings, [str(small_extract)])
    assert third.dropped_snapshot_ids == [first.snapshot_id]
    print_ = fingerprint(engine)
    assert (print_.current, print_.previous) == (third.snapshot_id, second.snapshot_id)
    assert print_.stray_rows == 0  # the first snapshot's rows are gone
    assert not snapshot_index_dir(settings.index_dir, first.snapshot_id).exists()
    with session_factory() as session:
        assert session.get_one(Snapshot, first.snapshot_id).status == SnapshotStatus.DROPPED


def test_zip_with_date_stamped_members(
    settings: Settings, session_factory: sessionmaker[Session], small_extract: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "PS_LibreAcces_202511020815.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(small_extract / ACTIVITY, "PS_LibreAcces_Personne_activite_202511020815.txt")
        out.write(small_extract / SAVOIR_FAIRE, "PS_LibreAcces_SavoirFaire_202511020815.txt")
        out.write(small_extract / DIPLOMA, "PS_LibreAcces_Dipl_AutExerc_202511020815.txt")
    result = load_registry(settings, [str(archive)])
    assert result.tally.persons == SMALL_PERSONS
    with session_factory() as session:
        status = services.registry_status(session)
    assert (str(status.source_date), status.source_date_origin) == ("2025-11-02", "zip_name")
    assert status.source_files[0].endswith("!PS_LibreAcces_Personne_activite_202511020815.txt")


def test_individual_stamped_files_and_no_trailing_pipe(
    settings: Settings, session_factory: sessionmaker[Session], small_extract: Path, tmp_path: Path
) -> None:
    names = {
        ACTIVITY: "PS_LibreAcces_Personne_activite_202604010930.txt",
        SAVOIR_FAIRE: "PS_LibreAcces_SavoirFaire_202604010930.txt",
        DIPLOMA: "PS_LibreAcces_Dipl_AutExerc_202604010930.txt",
    }
    for modern, stamped in names.items():
        lines = [line.removesuffix("|\n") + "\n" for line in read_lines(small_extract / modern)]
        write_lines(tmp_path / stamped, lines)
    result = load_registry(settings, [str(tmp_path / name) for name in names.values()])
    assert result.tally.persons == SMALL_PERSONS
    assert result.tally.rows_rejected == 0
    with session_factory() as session:
        status = services.registry_status(session)
    assert (str(status.source_date), status.source_date_origin) == ("2026-04-01", "file_stamp")


def test_a_few_bad_rows_are_rejected_with_line_numbers(
    settings: Settings, session_factory: sessionmaker[Session], small_extract: Path, tmp_path: Path
) -> None:
    directory = copy_extract(small_extract, tmp_path / "x")
    lines = read_lines(directory / ACTIVITY)
    lines[5] = lines[5].replace("|", "", 3)  # wrong field count
    write_lines(directory / ACTIVITY, lines)
    result = load_registry(settings, [str(directory)])
    assert result.tally.rows_rejected == 1
    reject = result.tally.rejects_sample[0]
    assert (reject.line, reject.file.endswith(ACTIVITY)) == (6, True)
    assert "fields where the header has 56" in reject.reason
    with session_factory() as session:
        status = services.registry_status(session)
    assert status.rows_rejected == 1
    assert status.rejects_sample[0].line == 6


def test_diff_between_the_two_kept_snapshots(
    settings: Settings,
    session_factory: sessionmaker[Session],
    small_extract: Path,
    other_extract: Path,
    tmp_path: Path,
) -> None:
    load_registry(settings, [str(small_extract)])
    changed = copy_extract(other_extract, tmp_path / "changed")
    lines = read_lines(changed / ACTIVITY)
    # The dermatologist loses SM15 (struck off the specialty list) and a nurse becomes a midwife.
    lines = [line.replace("|SM15|Dermatologie et vénéréologie|", "|||") for line in lines]
    lines = [line.replace("|10000000009|810000000009|DR|Docteur|MME|Madame|BELLAMY-ROCHE|Élodie|10|Médecin|C|Civil|S|Spécialité ordinale|", "|10000000009|810000000009|DR|Docteur|MME|Madame|BELLAMY-ROCHE|Élodie|10|Médecin|C|Civil|||") for line in lines]  # fmt: skip
    lines = [line.replace("|N'GUESSAN|Jean-Baptiste|60|Infirmier|", "|N'GUESSAN|Jean-Baptiste|50|Sage-Femme|") for line in lines]  # fmt: skip
    write_lines(changed / ACTIVITY, lines)
    sf_lines = [line for line in read_lines(changed / SAVOIR_FAIRE) if "|SM15|" not in line or "10000000009" not in line]  # fmt: skip
    write_lines(changed / SAVOIR_FAIRE, sf_lines)
    dropped = read_lines(small_extract / ACTIVITY)[-1].split("|")[1]  # will disappear
    write_lines(changed / ACTIVITY, [line for line in read_lines(changed / ACTIVITY) if f"|{dropped}|" not in line])  # fmt: skip
    load_registry(settings, [str(changed)])
    with session_factory() as session:
        result = diff.diff_current(session, limit=10)
    assert result.appeared_count == 40
    assert len(result.appeared) == 10
    assert result.truncated
    assert result.disappeared_count == 1
    assert result.disappeared[0].identifier == dropped
    by_id = {c.identifier: c for c in result.changed}
    assert by_id["10000000009"].savoir_faire_removed == ["SM15"]
    assert (by_id["10000000017"].profession_before, by_id["10000000017"].profession_after) == (
        "60",
        "50",
    )
    assert result.changed_count == 2


def test_diff_needs_two_snapshots(
    settings: Settings, session_factory: sessionmaker[Session], small_extract: Path
) -> None:
    load_registry(settings, [str(small_extract)])
    with session_factory() as session, pytest.raises(NoSnapshot, match="two snapshots"):
        diff.diff_current(session)
