"""The audit chain attests state and evidence: a case row or an evidence hash changed by SQL, an
evidence row slipped in or removed, and a stored file replaced on disk are each named by
``vigie audit verify`` (the files with ``--files``).

Before: ``UPDATE report_case SET status='closed'`` or a changed evidence ``sha256`` passed
``vigie audit verify --anchor``, and stored files were never re-hashed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from report_helpers import Actor, app_client, bearer, factory_of, file_report, make_actor, png_bytes
from vigie.cli.main import app
from vigie.config import Settings
from vigie.reports.audit_verify import verify_state
from vigie.reports.storage import original_key, storage_from_settings

runner = CliRunner()


@pytest.fixture
def cli_env(settings: Settings, engine: Engine) -> dict[str, str]:
    return {
        "VIGIE_DATABASE_URL": settings.effective_database_url,
        "VIGIE_DATA_DIR": str(settings.data_dir),
        "VIGIE_ENVIRONMENT": "test",
        "VIGIE_SECRET_KEY": settings.secret_key,
    }


@pytest.fixture
def filed(settings: Settings, engine: Engine) -> Iterator[tuple[TestClient, Actor, dict[str, int]]]:
    """Two cases, one with a PNG, the first moved to ``triaged`` by a moderator."""
    with app_client(settings) as client:
        moderator = make_actor(factory_of(client), "moderator")
        one = file_report(client, "@one.acct", files=[("a.png", png_bytes(), "image/png")]).json()
        two = file_report(client, "@two.acct").json()
        moved = client.post(
            f"/api/v1/cases/{one['case_id']}/transition",
            json={"to": "triaged", "version": 1},
            headers=bearer(moderator),
        )
        assert moved.status_code == 200, moved.text
        yield client, moderator, {"one": one["case_id"], "two": two["case_id"]}


def _verify(cli_env: dict[str, str], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["audit", "verify", *args], env=cli_env)
    return result.exit_code, result.output


def test_an_untouched_database_holds(
    filed: tuple[TestClient, Actor, dict[str, int]], cli_env: dict[str, str]
) -> None:
    code, output = _verify(cli_env, "--files")
    assert code == 0, output
    assert (
        "State holds: 2 cases and 1 evidence rows match the chain; 1 stored files re-hashed."
        in output
    )


def test_a_case_row_changed_by_sql_is_named(
    filed: tuple[TestClient, Actor, dict[str, int]], engine: Engine, cli_env: dict[str, str]
) -> None:
    case_id = filed[2]["one"]
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE report_case SET status = 'closed' WHERE id = :id"), {"id": case_id}
        )
    code, output = _verify(cli_env)
    assert code == 1
    assert f"case {case_id}: status attested 'triaged', found 'closed'" in output


def test_an_evidence_hash_changed_by_sql_is_named(
    filed: tuple[TestClient, Actor, dict[str, int]], engine: Engine, cli_env: dict[str, str]
) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE report_evidence SET sha256 = :h"), {"h": "f" * 64})
    code, output = _verify(cli_env)
    assert code == 1
    assert f"found '{'f' * 64}'" in output
    assert "evidence 1: sha256 attested" in output


def test_an_evidence_row_slipped_in_or_deleted_is_named(
    filed: tuple[TestClient, Actor, dict[str, int]], engine: Engine, cli_env: dict[str, str]
) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO report_evidence (report_id, sha256, media_type, size_bytes,"
                " original_name, has_preview, received_at) SELECT report_id, :h, media_type,"
                " size_bytes, 'x.png', has_preview, received_at FROM report_evidence"
            ),
            {"h": "e" * 64},
        )
    code, output = _verify(cli_env)
    assert code == 1
    assert "evidence 2: sha256 attested None" in output
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM report_evidence"))
    code, output = _verify(cli_env)
    assert code == 1
    assert "evidence 1: row attested" in output


def test_a_stored_file_replaced_on_disk_is_named_with_files(
    filed: tuple[TestClient, Actor, dict[str, int]], settings: Settings, cli_env: dict[str, str]
) -> None:
    storage = storage_from_settings(settings)
    with factory_of(filed[0])() as session:
        sha256 = session.execute(text("SELECT sha256 FROM report_evidence")).scalar_one()
        assert verify_state(session, storage).ok
    path = settings.evidence_dir / "originals" / sha256[:2] / sha256
    assert path.read_bytes() == storage.get(original_key(sha256))
    path.write_bytes(png_bytes(41, 30))
    assert _verify(cli_env)[0] == 0  # rows agree; only re-hashing the files can see this
    code, output = _verify(cli_env, "--files")
    assert code == 1
    assert "file of evidence 1: sha256 attested" in output
    path.unlink()
    code, output = _verify(cli_env, "--files")
    assert code == 1
    assert "found None" in output
