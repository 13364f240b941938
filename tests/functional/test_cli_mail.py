"""``vigie mail send-pending`` against a real SMTP server on loopback: a reporter who asked to be
told files through the API, a moderator transmits the case, the command delivers the message with
the tracking and unsubscribe links, and the unsubscribe page stops the next ones."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ports import free_port
from report_helpers import Actor, bearer, csrf_token_of, factory_of, file_report
from smtp_server import smtp_server
from vigie.cli.mail import drain_once
from vigie.cli.main import app
from vigie.config import Settings

runner = CliRunner()


def _move(client: TestClient, moderator: Actor, case_id: int, **body: object) -> None:
    answer = client.post(
        f"/api/v1/cases/{case_id}/transition", json=body, headers=bearer(moderator)
    )
    assert answer.status_code == 200, answer.text


def test_reporter_is_mailed_when_the_case_is_forwarded_and_can_unsubscribe(
    client: TestClient, moderator: Actor, cli_env: dict[str, str]
) -> None:
    filed = file_report(
        client, "@mail.flow", contact_email="temoin@example.test", notify="true"
    ).json()
    _move(client, moderator, filed["case_id"], to="triaged", version=1)
    _move(client, moderator, filed["case_id"], to="forwarded", destination="ars", version=2)
    with smtp_server() as (url, inbox):
        env = cli_env | {"VIGIE_SMTP_URL": url, "VIGIE_PUBLIC_URL": "https://vigie.example"}
        sent = runner.invoke(app, ["mail", "send-pending"], env=env)
        assert sent.exit_code == 0, sent.output
        assert "2 e-mail(s) sent" in sent.output
        assert runner.invoke(app, ["mail", "send-pending"], env=env).exit_code == 0
    assert [m["To"] for m in inbox.messages] == ["temoin@example.test"] * 2
    body = inbox.messages[1].get_content()
    assert "à l'agence régionale de santé (ARS)" in body
    assert f"https://vigie.example/suivi/{filed['tracking_code']}" in body
    link = re.search(r"https://vigie\.example(/suivi/\S+/desabonner\?jeton=\S+)", body)
    assert link is not None
    page = client.get(link.group(1))
    assert page.status_code == 200
    token = re.search(r'name="jeton" value="([^"]+)"', page.text)
    assert token is not None
    done = client.post(
        link.group(1).split("?")[0],
        data={"jeton": token.group(1), "csrf_token": csrf_token_of(client, link.group(1))},
    )
    assert done.status_code == 200
    assert "vous ne recevrez plus" in done.text
    _move(client, moderator, filed["case_id"], to="closed", outcome="account_removed", version=3)
    with smtp_server() as (url, inbox):
        env = cli_env | {"VIGIE_SMTP_URL": url}
        assert runner.invoke(app, ["mail", "send-pending"], env=env).exit_code == 0
    assert inbox.messages == []  # unsubscribed: the closing is not mailed


def test_a_forged_unsubscribe_link_is_refused(client: TestClient) -> None:
    filed = file_report(client, "@mail.forged", contact_email="a@example.test", notify="1").json()
    path = f"/suivi/{filed['tracking_code']}/desabonner"
    answer = client.post(path, data={"jeton": "forged", "csrf_token": csrf_token_of(client, path)})
    assert answer.status_code == 404


def test_notify_without_an_address_names_the_field(client: TestClient) -> None:
    answer = file_report(client, "@mail.noaddress", notify="true")
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["field"] == "contact_email"


def test_send_pending_exits_1_when_the_server_is_down(
    client: TestClient, moderator: Actor, cli_env: dict[str, str]
) -> None:
    filed = file_report(client, "@mail.down", contact_email="b@example.test", notify="1").json()
    _move(client, moderator, filed["case_id"], to="triaged", version=1)
    env = cli_env | {"VIGIE_SMTP_URL": f"smtp://127.0.0.1:{free_port()}"}
    result = runner.invoke(app, ["mail", "send-pending"], env=env)
    assert result.exit_code == 1
    assert "1 failed" in result.output


def test_send_pending_alerts_the_moderators_of_a_new_harm_declared_case(
    client: TestClient, moderator: Actor, cli_env: dict[str, str]
) -> None:
    filed = file_report(client, "@mail.urgent", harmed="true").json()
    with smtp_server() as (url, inbox):
        env = cli_env | {"VIGIE_SMTP_URL": url, "VIGIE_PUBLIC_URL": "https://vigie.example"}
        sent = runner.invoke(app, ["mail", "send-pending"], env=env)
        assert sent.exit_code == 0, sent.output
        assert "1 e-mail(s) sent" in sent.output
        assert runner.invoke(app, ["mail", "send-pending"], env=env).exit_code == 0
    (alert,) = inbox.messages  # once, however many drains
    assert alert["To"] == moderator.email
    assert alert["Subject"].startswith(f"Dossier prioritaire n° {filed['case_id']}")
    assert "complication déclarée par un signalant" in alert.get_content()


def test_mail_digest_builds_the_days_digest_once(
    client: TestClient, moderator: Actor, cli_env: dict[str, str]
) -> None:
    file_report(client, "@mail.digest.one")
    file_report(client, "@mail.digest.two")
    with smtp_server() as (url, inbox):
        env = cli_env | {"VIGIE_SMTP_URL": url, "VIGIE_PUBLIC_URL": "https://vigie.example"}
        first = runner.invoke(app, ["mail", "digest", "--day", "2026-12-02"], env=env)
        assert first.exit_code == 0, first.output
        assert "Digest of 2026-12-02: 1 e-mail(s) queued." in first.output
        again = runner.invoke(app, ["mail", "digest", "--day", "2026-12-02"], env=env)
        assert again.exit_code == 0, again.output
        assert "already built" in again.output
    (digest,) = inbox.messages
    assert digest["To"] == moderator.email
    assert digest["Subject"] == "La file de modération du 2 décembre 2026 — Vigie"
    body = digest.get_content()
    assert "2 dossier(s) ouvert(s)" in body
    assert "instagram:@mail.digest.one" in body
    assert "Toute la file : https://vigie.example/moderation\r\n" in body


def test_mail_digest_names_a_bad_day(cli_env: dict[str, str]) -> None:
    result = runner.invoke(app, ["mail", "digest", "--day", "demain"], env=cli_env)
    assert result.exit_code != 0
    assert "--day must be a date like 2026-12-02" in result.output


def test_the_serve_drainer_builds_the_digest_from_eight_in_paris_once(
    client: TestClient, moderator: Actor, settings: Settings
) -> None:
    file_report(client, "@mail.drainer.harm", harmed="true")
    factory = factory_of(client)
    early = dt.datetime(2026, 12, 2, 6, 30, tzinfo=dt.UTC)  # 7:30 in Paris
    morning = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)  # 9:00 in Paris
    with smtp_server() as (url, inbox):
        mailer = settings.model_copy(update={"smtp_url": url})
        assert drain_once(factory, mailer, early).sent == 1  # the urgent alert, no digest yet
        assert drain_once(factory, mailer, morning).sent == 1  # the digest
        assert drain_once(factory, mailer, morning).sent == 0  # once a day
    subjects = [m["Subject"] for m in inbox.messages]
    assert subjects[0].startswith("Dossier prioritaire n°")
    assert subjects[1] == "La file de modération du 2 décembre 2026 — Vigie"
