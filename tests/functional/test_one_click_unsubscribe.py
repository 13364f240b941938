"""One-click unsubscribe (RFC 8058) for reporters' case updates: the message carries
``List-Unsubscribe`` and ``List-Unsubscribe-Post``, a provider's cookie-less POST to it stops that
report's e-mails, and neither a GET, a forged token nor another report's token unsubscribes
anybody. Mail goes through a real SMTP server on loopback, on both databases.

Before: the only way out was a link to a confirmation page; mail programs' own "unsubscribe"
buttons did nothing."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from report_helpers import Actor, bearer, factory_of, file_report
from smtp_server import smtp_server
from vigie.config import Settings
from vigie.reports.mail_templates import headers, render
from vigie.reports.models import Report
from vigie.reports.outbox import send_pending

PUBLIC = "https://vigie.example"


def _notified_report(client: TestClient, moderator: Actor, handle: str) -> int:
    filed = file_report(
        client, handle, contact_email=f"{handle[1:]}@example.test", notify="true"
    ).json()
    moved = client.post(
        f"/api/v1/cases/{filed['case_id']}/transition",
        json={"to": "triaged", "version": 1},
        headers=bearer(moderator),
    )
    assert moved.status_code == 200, moved.text
    return int(filed["report_id"])


def _notify(client: TestClient, report_id: int) -> bool:
    with factory_of(client)() as session:
        report = session.get(Report, report_id)
        assert report is not None
        return report.notify


def test_the_mail_programs_button_unsubscribes_that_report_only(
    client: TestClient, moderator: Actor, settings: Settings
) -> None:
    mine = _notified_report(client, moderator, "@one.click.a")
    other = _notified_report(client, moderator, "@one.click.b")
    with smtp_server() as (url, inbox):
        mailer = settings.model_copy(update={"smtp_url": url, "public_url": PUBLIC})
        assert send_pending(factory_of(client), mailer, render, headers).failed == 0
    (message,) = [m for m in inbox.messages if m["To"] == "one.click.a@example.test"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    found = re.fullmatch(rf"<{re.escape(PUBLIC)}(/suivi/[\w-]+/desabonner/un-clic\?jeton=[\w.-]+)>",
                         message["List-Unsubscribe"])  # fmt: skip
    assert found is not None, message["List-Unsubscribe"]
    path = found.group(1)
    client.cookies.clear()  # a mail provider holds none of the site's cookies

    opened = client.get(path, follow_redirects=False)  # a link scanner, a curious click
    assert opened.status_code == 303
    assert "/desabonner?jeton=" in opened.headers["location"]
    assert _notify(client, mine)

    forged = client.post(path[:-3] + "abc", data={"List-Unsubscribe": "One-Click"})
    assert forged.status_code == 404
    assert _notify(client, mine)

    done = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert not _notify(client, mine)
    assert _notify(client, other)  # the other report still hears
