"""``vigie cases identifiers [--rebuild]`` on both databases: the backfill for cases filed before
identifiers were recorded gives them their identifiers and merge proposals."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import delete
from typer.testing import CliRunner

from report_helpers import Actor, bearer, factory_of, file_report
from vigie.cli.main import app
from vigie.db.engine import transaction
from vigie.reports.identifiers import CaseIdentifier

runner = CliRunner()


def test_rebuild_backfills_identifiers_and_proposals(
    client: TestClient, moderator: Actor, cli_env: dict[str, str]
) -> None:
    first = file_report(client, "@lips.by.sarah", post_texts=["WhatsApp 06 12 34 56 78"]).json()
    second = file_report(client, "@sarah.bis", post_texts=["wa.me/33612345678"]).json()
    with transaction(factory_of(client)) as session:  # as a database from before revision 0006
        session.execute(delete(CaseIdentifier))
    case_url = f"/api/v1/cases/{second['case_id']}"
    assert client.get(case_url, headers=bearer(moderator)).json()["merge_proposals"] == []

    counted = runner.invoke(app, ["cases", "identifiers"], env=cli_env)
    assert counted.exit_code == 0, counted.output
    assert "0 identifiers recorded over 0 cases" in counted.output
    rebuilt = runner.invoke(app, ["cases", "identifiers", "--rebuild"], env=cli_env)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "Read 2 reports: 4 identifiers recorded." in rebuilt.output

    case = client.get(case_url, headers=bearer(moderator)).json()
    assert [p["case_id"] for p in case["merge_proposals"]] == [first["case_id"]]
    assert {i["source"] for i in case["identifiers"]} == {"account", "post"}
