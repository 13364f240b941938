"""``vigie scan`` through Typer's runner: streamed results, bad lines skipped, CLI options."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from scan_exports import JSONL
from vigie.cli.main import app
from vigie.scan.training import corpus_path

runner = CliRunner()


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


def test_cli_evaluate_on_the_handwritten_set_meets_the_physicians_target() -> None:
    """The hand-written set's figures print apart; physicians' posts scored high stay at most 1 %."""
    data = corpus_path("eval_handwritten")
    result = runner.invoke(app, ["scan", "evaluate", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "labelled posts from" in result.stdout
    share = re.search(r"physicians' posts scored high risk: (\d+)/(\d+)", result.stdout)
    assert share is not None
    high, total = int(share.group(1)), int(share.group(2))
    assert total >= 100
    assert high <= total // 100
