"""Helpers for registry-load tests: small synthetic extracts, broken copies, a snapshot fingerprint.

Import the fixtures from here into a test module (``from registry.extracts import ...``);
kept out of ``conftest.py`` because other domains' registry tests share the folder.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from vigie.registry import synth
from vigie.registry.columns import MODERN_NAMES, FileKind

SMALL_PERSONS = 300
SEED = 7

ACTIVITY = MODERN_NAMES[FileKind.ACTIVITY]
SAVOIR_FAIRE = MODERN_NAMES[FileKind.SAVOIR_FAIRE]
DIPLOMA = MODERN_NAMES[FileKind.DIPLOMA]


@pytest.fixture(scope="session")
def small_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 300-person synthetic extract, written once per test session (read-only: copy to modify)."""
    directory = tmp_path_factory.mktemp("extract-small")
    synth.write(directory, SMALL_PERSONS, SEED)
    return directory


@pytest.fixture(scope="session")
def other_extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Same seed, 40 more persons: the first 300 are identical, so a diff shows 40 newcomers."""
    directory = tmp_path_factory.mktemp("extract-other")
    synth.write(directory, SMALL_PERSONS + 40, SEED)
    return directory


def copy_extract(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for kind in FileKind:
        shutil.copy(source / MODERN_NAMES[kind], target / MODERN_NAMES[kind])
    return target


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("".join(lines), encoding="utf-8")


@dataclass(frozen=True)
class Fingerprint:
    """What a reader sees: the current snapshot and a digest of its rows."""

    current: int | None
    previous: int | None
    practitioners: int
    activities: int
    savoir_faire: int
    names: str
    stray_rows: int  # rows of snapshots that are neither current nor previous


def fingerprint(engine: Engine) -> Fingerprint:
    with engine.connect() as conn:
        state = conn.execute(
            text(
                "SELECT current_snapshot_id, previous_snapshot_id FROM registry_state WHERE id = 1"
            )
        ).first()
        current, previous = (state[0], state[1]) if state else (None, None)
        keep = {"c": current or -1, "p": previous or -1}

        def count(table: str, where: str) -> int:
            sql = f"SELECT COUNT(*) FROM {table} WHERE {where}"  # noqa: S608 - constants only
            return int(conn.execute(text(sql), keep).scalar_one())

        names = conn.execute(
            text(
                "SELECT identifier, last_name, profession_code FROM registry_practitioner "
                "WHERE snapshot_id = :c ORDER BY person_key"
            ),
            keep,
        ).all()
        stray = sum(
            count(t, "snapshot_id NOT IN (:c, :p)")
            for t in ("registry_practitioner", "registry_activity", "registry_savoir_faire")
        )
        return Fingerprint(
            current,
            previous,
            count("registry_practitioner", "snapshot_id = :c"),
            count("registry_activity", "snapshot_id = :c"),
            count("registry_savoir_faire", "snapshot_id = :c"),
            "|".join(f"{i}:{n}:{p}" for i, n, p in names),
            stray,
        )
