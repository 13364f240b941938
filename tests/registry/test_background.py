"""The diplomas file validated in a second process gives the same answer as inline."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.extracts import DIPLOMA, copy_extract, read_lines, small_extract, write_lines
from vigie.registry.columns import FileKind
from vigie.registry.load.background import Validator
from vigie.registry.load.sources import LocalFile

__all__ = ["small_extract"]


@pytest.mark.parametrize("min_bytes", [0, 1 << 40], ids=["process", "inline"])
def test_validation_counts_rows_and_rejects(
    small_extract: Path, tmp_path: Path, min_bytes: int
) -> None:
    directory = copy_extract(small_extract, tmp_path / "x")
    lines = read_lines(directory / DIPLOMA)
    lines[3] = lines[3].replace("|", "", 2)
    write_lines(directory / DIPLOMA, lines)
    validator = Validator(LocalFile(FileKind.DIPLOMA, directory / DIPLOMA), 0.5, min_bytes)
    assert (validator.process is not None) == (min_bytes == 0)
    outcome = validator.result()
    assert (outcome.rows, outcome.rejects, outcome.error) == (len(lines) - 1, 1, None)
    assert outcome.sample[0].line == 4


@pytest.mark.parametrize("min_bytes", [0, 1 << 40], ids=["process", "inline"])
def test_validation_error_comes_back_as_data(
    small_extract: Path, tmp_path: Path, min_bytes: int
) -> None:
    directory = copy_extract(small_extract, tmp_path / "x")
    lines = read_lines(directory / DIPLOMA)
    lines[0] = lines[0].replace("|Identifiant PP|", "|Identifiant|")
    write_lines(directory / DIPLOMA, lines)
    outcome = Validator(LocalFile(FileKind.DIPLOMA, directory / DIPLOMA), 0.01, min_bytes).result()
    assert outcome.error is not None
    assert (
        "dipl-autexerc.txt: the header lacks required column(s) 'Identifiant PP'" in outcome.error
    )
