"""``vigie registry synth|load|status|diff`` and ``vigie demo`` through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from registry.extracts import ACTIVITY, fingerprint
from vigie.cli.main import app


@pytest.fixture
def run(cli_env: dict[str, str]) -> object:
    def invoke(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, list(args), env=cli_env)
        return result.exit_code, result.output

    return invoke


def test_synth_load_status_diff(run: object, engine: Engine, tmp_path: Path) -> None:
    invoke = run  # type: ignore[assignment]
    code, out = invoke(
        "registry", "synth", "--persons", "120", "--seed", "5", "--out", str(tmp_path / "a")
    )
    assert code == 0, out
    assert "Wrote 120 persons" in out
    invoke("registry", "synth", "--persons", "150", "--seed", "5", "--out", str(tmp_path / "b"))
    code, out = invoke("registry", "load", "--quiet", str(tmp_path / "a"))
    assert code == 0, out
    assert "Snapshot 1 is now current" in out
    assert "not given by the source" in out
    assert "persons: 120" in out
    code, out = invoke("registry", "status", "--json")
    status = json.loads(out)
    assert (status["snapshot_id"], status["persons"]) == (1, 120)
    assert status["source_date_origin"] == "load_time"
    code, out = invoke("registry", "diff")
    assert code == 1
    assert "needs two snapshots" in out
    invoke("registry", "load", "--quiet", str(tmp_path / "b"))
    code, out = invoke("registry", "diff", "--json", "--limit", "5")
    assert code == 0, out
    diff = json.loads(out)
    assert (diff["appeared_count"], diff["disappeared_count"], len(diff["appeared"])) == (30, 0, 5)
    code, out = invoke("registry", "status")
    assert "Previous snapshot: 1" in out


def test_load_error_is_one_clear_line(run: object, engine: Engine, tmp_path: Path) -> None:
    invoke = run  # type: ignore[assignment]
    invoke("registry", "synth", "--persons", "50", "--out", str(tmp_path / "a"))
    (tmp_path / "a" / ACTIVITY).write_bytes("MÉDECIN|x\n".encode("latin-1"))
    code, out = invoke("registry", "load", "--quiet", str(tmp_path / "a"))
    assert code == 1
    assert "line 1" in out
    assert "not valid UTF-8" in out
    assert "Traceback" not in out
    assert fingerprint(engine).current is None


def test_demo_loads_once(run: object, engine: Engine) -> None:
    invoke = run  # type: ignore[assignment]
    code, out = invoke("demo", "--persons", "200")
    assert code == 0, out
    assert "Loaded demo registry" in out
    first = fingerprint(engine)
    assert first.practitioners == 200
    code, out = invoke("demo", "--persons", "200")
    assert code == 0, out
    assert "already current" in out
    assert fingerprint(engine) == first


def test_load_parser_flag(run: object, engine: Engine, tmp_path: Path) -> None:
    invoke = run  # type: ignore[assignment]
    invoke("registry", "synth", "--persons", "80", "--seed", "2", "--out", str(tmp_path / "a"))
    for parser in ("columnar", "rows"):
        code, out = invoke("registry", "load", "--quiet", "--parser", parser, str(tmp_path / "a"))
        assert code == 0, out
        assert "persons: 80" in out
    code, out = invoke("registry", "load", "--quiet", "--parser", "fast", str(tmp_path / "a"))
    assert code == 2
    assert fingerprint(engine).practitioners == 80
