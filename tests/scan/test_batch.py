"""Batch scanning readers: JSONL/CSV streams, bad lines reported with their number."""

from __future__ import annotations

import io

from scan_exports import JSONL
from vigie.scan.batch import LineError, read_csv, read_jsonl
from vigie.scan.schemas import PostIn


def test_jsonl_reader_reports_line_numbers() -> None:
    items = list(read_jsonl(JSONL.splitlines()))
    errors = [(i.line_no, i.reason.split(":")[0]) for i in items if isinstance(i, LineError)]
    assert errors == [
        (2, "invalid JSON"),
        (3, "text"),
        (5, "text"),
        (6, "expected a JSON object with a 'text' field"),
    ]
    assert [i.id for i in items if isinstance(i, PostIn)] == ["a", "b", "c"]


def test_csv_reader_handles_quotes_and_bad_rows() -> None:
    text = 'id,text,handle\n1,"lèvres, 1ml\nà 150€",@x\n2,ok,@y,extra\n3,,@z\n4,fine,@z\n'
    items = list(read_csv(io.StringIO(text, newline="")))
    assert [i.id for i in items if isinstance(i, PostIn)] == ["1", "4"]
    assert [(i.line_no) for i in items if isinstance(i, LineError)] == [4, 5]


def test_csv_without_text_column_is_refused() -> None:
    assert list(read_csv(["id,caption\n", "1,x\n"])) == [
        LineError(1, "the CSV header must name a 'text' column")
    ]
