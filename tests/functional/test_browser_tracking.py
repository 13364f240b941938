"""Browser flows at 390 px over the live server: after a moderator transmits the case, the
reporter's SMTP inbox (a real server on loopback) holds the message, and its tracking link opens a
page that tells the story (timeline, next step) with a copy button — and, without JavaScript, the
link as selectable text. An admin retries an e-mail the outbox gave up on."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from browser import SCREENSHOT_DIR, LiveServer, axe_check, axe_violations, shoot
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select, update

from report_helpers import PASSWORD, make_actor
from smtp_server import smtp_server
from vigie.accounts.services import create_user
from vigie.db.engine import transaction
from vigie.reports.mail_templates import render
from vigie.reports.outbox import OutboxMessage, enqueue, send_pending

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE = {"width": 390, "height": 844}


def _at_390(page: Page, name: str) -> None:
    """Axe-clean and no sideways scrolling at 390 px; the screenshot kept."""
    page.set_viewport_size(PHONE)
    assert axe_violations(page) == []
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at 390 px"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-390.png"), full_page=True)


def _transmitted_case(live_server: LiveServer, handle: str) -> str:
    """A report with an opted-in e-mail, examined then transmitted to the Ordre through the API."""
    moderator = make_actor(
        live_server.session_factory, "moderator", f"mod-{handle[1:]}@example.test"
    )
    with httpx.Client(base_url=live_server.url) as http:
        filed = http.post(
            "/api/v1/reports",
            data={
                "platform": "instagram",
                "account": handle,
                "acts": ["ha_filler"],
                "department": "33",
                "description": "Injections de lèvres à domicile, 150 € en espèces.",
                "contact_email": "patiente@example.test",
                "notify": "true",
            },
        )
        assert filed.status_code == 201, filed.text
        case_id = filed.json()["case_id"]
        headers = {"authorization": f"Bearer {moderator.token}"}
        for body in ({"to": "triaged", "version": 1}, {"to": "forwarded", "destination": "ordre"}):
            moved = http.post(f"/api/v1/cases/{case_id}/transition", json=body, headers=headers)
            assert moved.status_code == 200, moved.text
    return str(filed.json()["tracking_code"])


def test_after_transmission_the_inbox_holds_the_message_and_the_page_tells_the_story(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    handle = f"@suivi.{uuid.uuid4().hex[:6]}"
    code = _transmitted_case(live_server, handle)
    with smtp_server() as (url, inbox):
        mailer = live_server.settings.model_copy(
            update={"smtp_url": url, "public_url": live_server.url}
        )
        send_pending(live_server.session_factory, mailer, render)
    mine = [m for m in inbox.messages if m["To"] == "patiente@example.test"]
    assert [m["Subject"] for m in mine] == [
        "Votre signalement a été examiné — Vigie",
        "Votre signalement a été transmis — Vigie",
    ]
    link = re.search(rf"{re.escape(live_server.url)}/suivi/[\w-]+", mine[1].get_content())
    assert link is not None
    assert link.group(0).endswith(code)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size(PHONE)
    page.goto(link.group(0))
    steps = page.locator("#tracking-timeline li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Signalement reçu.")
    expect(steps.nth(1)).to_contain_text("Dossier examiné par l'équipe de modération.")
    expect(steps.nth(2)).to_contain_text("Dossier transmis à l'Ordre des médecins")
    expect(steps.nth(2)).to_contain_text("Gironde")
    expect(steps.nth(2).locator("time")).to_contain_text("(heure de Paris)")
    expect(page.locator("#tracking-next")).to_contain_text("L'autorité saisie traite le dossier")
    expect(page.locator("#tracking-next")).to_contain_text("Prochaine étape attendue vers le")
    assert "mod-" not in page.content()  # no moderator named
    copy = page.get_by_role("button", name="Copier le lien")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator(".copy-status")).to_have_text("Lien copié")
    assert page.evaluate("() => navigator.clipboard.readText()") == link.group(0)
    _at_390(page, "tracking-transmitted")
    shoot(page, "tracking-transmitted")
    axe_check(page)
    plain = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False, viewport=PHONE
    )
    try:
        no_js = plain.new_page()
        no_js.goto(f"/suivi/{code}")
        expect(no_js.locator("#tracking-link")).to_have_text(link.group(0))
        expect(no_js.locator("h1")).to_have_text("Suivi de votre signalement")
        expect(no_js.locator("#copy-link")).to_be_hidden()
        no_js.screenshot(path=str(SCREENSHOT_DIR / "tracking-no-js-390.png"), full_page=True)
        no_js.goto(f"/suivi/{code}?lang=en")  # the record's French addressee, in English
        expect(no_js.locator("#tracking-timeline li").nth(2)).to_contain_text(
            "the Gironde council of the Ordre des médecins (medical council)"
        )
        expect(no_js.locator("#tracking-timeline")).not_to_contain_text("l'Ordre")
    finally:
        plain.close()


def test_an_admin_puts_a_given_up_mail_back_in_the_queue(
    page: Page, live_server: LiveServer
) -> None:
    email = f"chef-{uuid.uuid4().hex[:6]}@example.test"
    with transaction(live_server.session_factory) as session:
        create_user(session, email, PASSWORD, "admin")
        enqueue(session, f"k-{email}", "quelquun.perdu@example.test", "case_update", {})
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.dedupe_key == f"k-{email}")
            .values(gave_up=True, attempts=8, last_error="SMTPRecipientsRefused: 550 5.1.1")
        )
        message_id = session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == f"k-{email}")
        )
    page.set_viewport_size(PHONE)
    page.goto("/moderation/courriels/echecs")
    expect(page).to_have_url(re.compile(r"/connexion\?next="))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_have_text("E-mails en échec")
    row = page.locator("#mail-failures tr", has_text=f"{message_id}")
    expect(row.first).to_contain_text("qu…@e….test")
    expect(row.first).to_contain_text("SMTPRecipientsRefused")
    _at_390(page, "mail-failures")
    page.get_by_role("button", name=f"Relancer l’e-mail n° {message_id}").click()
    expect(page.get_by_role("status")).to_contain_text("E-mail remis dans la file")
    _at_390(page, "mail-failures-retried")
    page.goto("/moderation/courriels")
    expect(page.get_by_label("Le résumé quotidien de la file (chaque matin)")).to_be_checked()
    _at_390(page, "moderator-mail-preferences")
