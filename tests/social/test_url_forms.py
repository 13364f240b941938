"""The labelled table of real URL forms (``url_forms.tsv``, each row citing its source)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from vigie.social import parse_account

TABLE = Path(__file__).with_name("url_forms.tsv")


def _rows() -> list[dict[str, str]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _rows()


def test_the_table_is_big_enough_and_every_row_cites_a_source() -> None:
    assert len(ROWS) >= 150
    assert all(row["source"].strip() for row in ROWS)
    assert len({(row["input"], row["platform_hint"]) for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize(
    "row", ROWS, ids=[f"{r['platform'] or '-'}:{r['input'][:60]}" for r in ROWS]
)
def test_form(row: dict[str, str]) -> None:
    got = parse_account(row["input"], row["platform_hint"] or None).as_dict()
    assert got["kind"] == row["kind"], got["message"]
    assert (got["platform"] or "") == row["platform"]
    assert (got["handle"] or "") == row["handle"]
    assert (got["id_type"] or "") == row["id_type"]
    assert (got["message"] is None) == (row["kind"] == "account")
