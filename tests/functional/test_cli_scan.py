"""Batch scanning: JSONL/CSV streams, bad lines reported with their number, CLI options."""

from __future__ import annotations

import io
import json
from pathlib import Path

from typer.testing import CliRunner

from vigie.cli.main import app
from vigie.scan.batch import LineError, read_csv, read_jsonl
from vigie.scan.schemas import PostIn

runner = CliRunner()
JSONL = "\n".join(
    [
        json.dumps({"text": "Promo lèvres 1ml 150€ dispo en mp", "id": "a", "handle": "@x"}),
        "not json",
        json.dumps({"id": "no-text"}),
        "",
        json.dumps({"text": "x" * 10_001}),
        json.dumps(["a", "list"]),
        json.dumps(
            {
                "text": "Cabinet du Dr Martin, consultation sur Doctolib",
                "id": "b",
                "handle": "@y",
                "platform": "instagram",
            }
        ),
        json.dumps(
            {"text": "Botox 3 zones 200€, snap", "id": "c", "handle": "@x", "bio": "injectrice"}
        ),
    ]
)


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


def test_cli_streams_results_and_skips_bad_lines(tmp_path: Path) -> None:
    source = tmp_path / "posts.jsonl"
    source.write_text(JSONL, encoding="utf-8")
    result = runner.invoke(app, ["scan", str(source)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["a", "b", "c"]
    assert lines[0]["label"] == "fake_injector"
    assert "line 2: skipped" in result.stderr
    assert "3 result(s) written, 4 line(s) skipped." in result.stderr


def test_cli_account_mode_groups_by_handle(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["scan", "-", "--account", "--output", str(output)], input=JSONL)
    assert result.exit_code == 0, result.output
    accounts = [json.loads(line) for line in output.read_text().splitlines()]
    assert [(a["handle"], len(a["posts"])) for a in accounts] == [("@x", 2), ("@y", 1)]
    assert accounts[0]["combination"]["bio_score"] is not None


def test_cli_csv_format(tmp_path: Path) -> None:
    source = tmp_path / "posts.txt"
    source.write_text("text,id\nbotox promo dm,1\n", encoding="utf-8")
    result = runner.invoke(app, ["scan", str(source), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "1"


def test_cli_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scan", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "not a readable file" in result.output


def test_cli_evaluate_prints_both_reports() -> None:
    result = runner.invoke(app, ["scan", "evaluate"])
    assert result.exit_code == 0, result.output
    assert "== model ==" in result.stdout
    assert "== keyword baseline ==" in result.stdout
    assert "physicians' posts scored high risk" in result.stdout
