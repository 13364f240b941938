"""``vigie evidence`` and the dossier edges on both databases, against a real TSA (OpenSSL ``ts``
on loopback): verify's exit codes 0/1/2, pending timestamps retried by ``timestamp --pending``, a
changed evidence file refusing the export (exit 1, 409) and shown on the case page, the ZIP from the
API, and the transmission record on the case page and the reporter's tracking page."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from report_helpers import (
    app_client,
    bearer,
    factory_of,
    file_report,
    make_actor,
    png_bytes,
    sign_in,
)
from reports.tsa_server import TestTsa, running_tsa
from vigie.cli.main import app
from vigie.config import Settings

runner = CliRunner()


@pytest.fixture
def tsa(tmp_path: Path) -> Iterator[TestTsa]:
    with running_tsa(tmp_path / "tsa") as running:
        yield running


def _env(cli_env: dict[str, str], tsa: TestTsa) -> dict[str, str]:
    return cli_env | {
        "VIGIE_TSA_URL": tsa.url,
        "VIGIE_TSA_CA_FILE": str(tsa.ca_file),
        "VIGIE_TSA_TIMEOUT_SECONDS": "1",
        "VIGIE_SENDER_EMAIL": "signalements@vigie.example",
    }


def _settings(settings: Settings, tsa: TestTsa) -> Settings:
    return settings.model_copy(
        update={"tsa_url": tsa.url, "tsa_ca_file": tsa.ca_file, "tsa_timeout_seconds": 1.0}
    )


def _original(settings: Settings, sha256: str) -> Path:
    return settings.evidence_dir / "originals" / sha256[:2] / sha256


def test_verify_exit_codes_and_pending_retry(
    settings: Settings, cli_env: dict[str, str], tsa: TestTsa
) -> None:
    env = _env(cli_env, tsa)
    with app_client(_settings(settings, tsa)) as client:
        stamped = file_report(client, "@stamped.one", files=[("a.png", png_bytes(), "image/png")])
        assert stamped.status_code == 201
        tsa.mode = "error"
        pending = file_report(client, "@pending.one", files=[("b.png", png_bytes(41), "image/png")])
        assert pending.status_code == 201  # a TSA answering 500 never costs the report
        moderator = make_actor(factory_of(client), "moderator")
        case = client.get(f"/api/v1/cases/{stamped.json()['case_id']}", headers=bearer(moderator))
    first = case.json()["reports"][0]["evidence"][0]
    ok = runner.invoke(app, ["evidence", "verify", str(first["evidence_id"])], env=env)
    assert ok.exit_code == 0, ok.output
    assert first["sha256"] in ok.output
    waiting = runner.invoke(app, ["evidence", "verify", str(first["evidence_id"] + 1)], env=env)
    assert waiting.exit_code == 2
    assert "pending" in waiting.output
    assert "HTTP 500" in waiting.output
    still = runner.invoke(app, ["evidence", "timestamp", "--pending"], env=env)
    assert still.exit_code == 1
    assert "0 evidence file(s); 1 still pending" in still.output
    tsa.mode = "ok"
    done = runner.invoke(app, ["evidence", "timestamp", "--pending"], env=env)
    assert done.exit_code == 0, done.output
    assert "Timestamped 1 evidence file(s); 0 still pending." in done.output
    assert runner.invoke(app, ["evidence", "verify", str(first["evidence_id"] + 1)], env=env).exit_code == 0  # fmt: skip
    _original(settings, first["sha256"]).write_bytes(b"changed on disk")
    changed = runner.invoke(app, ["evidence", "verify", str(first["evidence_id"])], env=env)
    assert changed.exit_code == 1
    assert "changed since receipt" in changed.output
    other_ca = runner.invoke(
        app, ["evidence", "verify", str(first["evidence_id"] + 1), "--ca-file", str(tsa.root / "tsa.pem")],
        env=env,
    )  # fmt: skip
    assert other_ca.exit_code == 1
    assert "does not verify" in other_ca.output
    missing = runner.invoke(app, ["evidence", "verify", "999"], env=env)
    assert missing.exit_code == 1
    assert "No evidence 999" in missing.output


def test_a_changed_file_stops_the_export_everywhere(
    settings: Settings, cli_env: dict[str, str], tmp_path: Path
) -> None:
    with app_client(settings) as client:
        files = [("a.png", png_bytes(), "image/png"), ("b.png", png_bytes(42), "image/png")]
        filed = file_report(client, "@changed.files", files=files).json()
        factory = factory_of(client)
        moderator = make_actor(factory, "moderator")
        url = f"/api/v1/cases/{filed['case_id']}"
        evidence = client.get(url, headers=bearer(moderator)).json()["reports"][0]["evidence"]
        archive = client.get(f"{url}/dossier?to=ordre&format=zip", headers=bearer(moderator))
        assert archive.status_code == 200
        assert archive.headers["content-type"] == "application/zip"
        with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
            assert "annexes/annexe-02.png" in opened.namelist()
        _original(settings, evidence[1]["sha256"]).write_bytes(b"swapped")
        refused = client.get(f"{url}/dossier?to=ordre&format=pdf", headers=bearer(moderator))
        assert refused.status_code == 409
        assert "Annexe 2" in refused.json()["error"]["message"]
        sign_in(client, moderator.email)
        page = client.get(f"/moderation/cas/{filed['case_id']}")
        assert page.status_code == 200
        assert "Annexe 2 : le fichier original a été modifié depuis sa réception" in page.text
    out = tmp_path / "d.pdf"
    args = ["cases", "export", str(filed["case_id"]), "--to", "ars", "--output", str(out)]
    exported = runner.invoke(app, args, env=cli_env)
    assert exported.exit_code == 1
    assert "Annexe 2" in exported.output
    assert not out.exists()


def test_forwarding_shows_the_transmission_record(settings: Settings, engine: Engine) -> None:
    with app_client(settings) as client:
        filed = file_report(client, "@sent.to.ordre", department="33").json()
        moderator = make_actor(factory_of(client), "moderator")
        url = f"/api/v1/cases/{filed['case_id']}"
        dossier = client.get(f"{url}/dossier?to=ordre", headers=bearer(moderator)).json()
        for move in ({"to": "triaged"}, {"to": "forwarded", "destination": "ordre"}):
            assert client.post(f"{url}/transition", json=move, headers=bearer(moderator)).is_success
        tracking = client.get(f"/suivi/{filed['tracking_code']}").text
        assert "Dossier transmis à l&#39;Ordre des médecins de la Gironde." in tracking
        assert dossier["dossier"]["fingerprint"] not in tracking
        sign_in(client, moderator.email)
        page = client.get(f"/moderation/cas/{filed['case_id']}").text
        assert "Transmis à l&#39;Ordre des médecins de la Gironde le" in page
        assert dossier["dossier"]["fingerprint"] in page
