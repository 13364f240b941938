"""A report filed from the English site is told about its case in English, through a real SMTP
server on loopback, on both databases; one filed from the French site still in French.

Before: every reporter's e-mail was French, whatever page the report came from."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select

from mail_helpers import body_of
from report_helpers import Actor, bearer, factory_of
from smtp_server import smtp_server
from vigie.config import Settings
from vigie.reports.models import Report
from vigie.reports.notifications import render
from vigie.reports.outbox import send_pending


def _file(client: TestClient, lang: str, email: str) -> Report:
    page = client.get(f"/signaler?lang={lang}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    handle = f"lips.{uuid.uuid4().hex[:8]}"
    form = {
        "csrf_token": token.group(1),
        "account": f"https://www.instagram.com/{handle}/",
        "happened": ["injections"],
        "acts": "ha_filler",
        "department": "33",
        "contact_email": email,
        "notify": "1",
    }
    empty = ("evidence", ("", b"", "application/octet-stream"))
    answer = client.post(f"/signaler?lang={lang}", data=form, files=[empty], follow_redirects=False)
    assert answer.status_code == 303, answer.text
    with factory_of(client)() as session:
        return session.scalars(select(Report).where(Report.contact_email == email)).one()


def test_the_reporter_hears_in_the_language_of_the_form(
    client: TestClient, moderator: Actor, settings: Settings
) -> None:
    english = _file(client, "en", "patient.en@example.test")
    french = _file(client, "fr", "patiente.fr@example.test")
    assert (english.lang, french.lang) == ("en", "fr")
    for report in (english, french):
        for body in ({"to": "triaged", "version": 1}, {"to": "forwarded", "destination": "ordre"}):
            moved = client.post(
                f"/api/v1/cases/{report.case_id}/transition", json=body, headers=bearer(moderator)
            )
            assert moved.status_code == 200, moved.text
    with smtp_server() as (url, inbox):
        mailer = settings.model_copy(
            update={"smtp_url": url, "public_url": "https://vigie.example"}
        )
        assert send_pending(factory_of(client), mailer, render).failed == 0
    to_english = [m for m in inbox.messages if m["To"] == english.contact_email]
    assert [m["Subject"] for m in to_english] == [
        "Your report has been examined — Vigie",
        "Your report has been transmitted — Vigie",
    ]
    text = body_of(to_english[1]).replace("\r\n", "\n")
    assert text.startswith("Hello,\n\nYou reported the account instagram @lips.")
    assert "transmitted it to the Ordre des médecins (medical council)" in text
    assert f"https://vigie.example/suivi/{english.tracking_code}?lang=en" in text
    assert re.search(r"on \d{1,2} [A-Z][a-z]+ 20\d\d\.", text)  # "on 2 December 2026."
    assert not re.search(r"Bonjour|signalé|équipe", text)
    to_french = [m for m in inbox.messages if m["To"] == french.contact_email]
    assert [m["Subject"] for m in to_french] == [
        "Votre signalement a été examiné — Vigie",
        "Votre signalement a été transmis — Vigie",
    ]
    assert "?lang=en" not in body_of(to_french[1])
