"""The CLI end to end on both databases: users and tokens, dossier export (PDF text checked with
pdftotext), and ``vigie audit verify`` catching a tampered event."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from report_helpers import PASSWORD, Actor, app_client, bearer, file_report, png_bytes
from vigie.cli.main import app
from vigie.config import Settings

runner = CliRunner()


def _moderator(env: dict[str, str]) -> Actor:
    created = runner.invoke(
        app,
        [
            "users",
            "create",
            "--email",
            "Mod@Example.test",
            "--role",
            "moderator",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        env=env,
    )
    assert created.exit_code == 0, created.output
    again = runner.invoke(
        app,
        [
            "users",
            "create",
            "--email",
            "mod@example.test",
            "--role",
            "moderator",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        env=env,
    )
    assert again.exit_code == 1
    token = runner.invoke(app, ["users", "token", "mod@example.test"], env=env)
    assert token.exit_code == 0
    return Actor("mod@example.test", "moderator", token.stdout.strip())


def test_export_dossiers_and_verify_the_audit_chain(
    settings: Settings, engine: Engine, cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = cli_env
    moderator = _moderator(env)
    with app_client(settings) as client:
        filed = file_report(
            client,
            "@dossier.case",
            contact_email="witness@example.test",
            files=[("capture.png", png_bytes(), "image/png")],
            links=["https://www.instagram.com/p/SYNTH123/"],
        ).json()
        moved = client.post(
            f"/api/v1/cases/{filed['case_id']}/transition",
            json={"to": "triaged"},
            headers=bearer(moderator),
        )
        assert moved.status_code == 200
        api_pdf = client.get(
            f"/api/v1/cases/{filed['case_id']}/dossier?to=ordre&format=pdf",
            headers=bearer(moderator),
        )
        assert api_pdf.content.startswith(b"%PDF")

    ars = runner.invoke(
        app, ["cases", "export", str(filed["case_id"]), "--to", "ars", "--format", "json"], env=env
    )
    assert ars.exit_code == 0, ars.output
    ars_dossier = json.loads(ars.stdout)
    assert "witness@example.test" not in ars.stdout  # the ARS does not need the reporter's identity
    assert len(ars_dossier["evidence"][0]["sha256"]) == 64

    output = tmp_path / "notice.pdf"
    exported = runner.invoke(
        app,
        ["cases", "export", str(filed["case_id"]), "--to", "platform", "--output", str(output)],
        env=env,
    )
    assert exported.exit_code == 0, exported.output
    assert shutil.which("pdftotext"), "pdftotext missing: run scripts/system_deps.sh"
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(output), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(pdf_text.split())
    assert "article 16" in flat
    assert "https://www.instagram.com/dossier.case/" in flat
    assert "https://www.instagram.com/p/SYNTH123/" in flat
    assert "bonne foi" in flat
    for internal in ("witness@example.test", "mod@example.test", "Historique", "Transmis"):
        assert internal not in flat  # a DSA notice, nothing of the case's internal life
    ordre = tmp_path / "ordre.pdf"
    args = ["cases", "export", str(filed["case_id"]), "--to", "ordre", "--output", str(ordre)]
    assert runner.invoke(app, args, env=env).exit_code == 0
    ordre_text = subprocess.run(
        ["pdftotext", str(ordre), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert ars_dossier["evidence"][0]["sha256"] in ordre_text.replace("\n", "")

    assert runner.invoke(app, ["audit", "verify"], env=env).exit_code == 0
    revoked = runner.invoke(app, ["users", "revoke-tokens", "mod@example.test"], env=env)
    assert "Revoked 1 token(s)." in revoked.stdout
    with app_client(settings) as client:
        assert client.get("/api/v1/cases", headers=bearer(moderator)).status_code == 401
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE report_case_event SET comment = 'rewritten' WHERE kind = 'triage'")
        )
    broken = runner.invoke(app, ["audit", "verify"], env=env)
    assert broken.exit_code == 1
    assert "event 2" in broken.output


def test_deleting_events_is_detected(
    settings: Settings, engine: Engine, cli_env: dict[str, str]
) -> None:
    with app_client(settings) as client:
        for handle in ("@one.acct", "@two.acct", "@three.acct"):
            file_report(client, handle)
    holds = runner.invoke(app, ["audit", "verify"], env=cli_env)
    assert holds.exit_code == 0
    head = holds.stdout.strip().rsplit(" ", 1)[-1]
    assert len(head) == 64
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM report_case_event WHERE id = 3"))  # the latest event
    assert runner.invoke(app, ["audit", "verify"], env=cli_env).exit_code == 0
    truncated = runner.invoke(app, ["audit", "verify", "--anchor", head], env=cli_env)
    assert truncated.exit_code == 1
    assert "truncated" in truncated.output
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM report_case_event WHERE id = 1"))
    broken = runner.invoke(app, ["audit", "verify"], env=cli_env)
    assert broken.exit_code == 1
    assert "event 2" in broken.output


@pytest.mark.parametrize("bad", [["--to", "mars"], ["--to", "ars", "--format", "docx"]])
def test_export_refuses_bad_options(cli_env: dict[str, str], bad: list[str]) -> None:
    assert runner.invoke(app, ["cases", "export", "1", *bad], env=cli_env).exit_code != 0
