"""Browser flow of "mot de passe oublié" on a 390 px phone in a real headless Chromium over the
live server, the mail going through a real SMTP server on loopback: the request page, the same
answer for any address, the link from the message, the new-password form (a mismatch explained),
then the account page, signed in, with its password section. Each page is checked with axe-core
and photographed at 390 px (``test-artifacts/screenshots/password-reset-*-390.png``)."""

from __future__ import annotations

import re
import uuid

import pytest
from browser import SCREENSHOT_DIR, LiveServer, PageProblems, axe_check, shoot
from playwright.sync_api import Page, expect
from test_browser_reports import fits_360

from mail_helpers import mailed_link
from report_helpers import PASSWORD
from smtp_server import smtp_server
from vigie.accounts.services import create_user
from vigie.db.engine import transaction
from vigie.reports.notifications import render
from vigie.reports.outbox import send_pending

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
NEW_PASSWORD = "une toute nouvelle phrase secrète"


def _check(page: Page, name: str) -> None:
    page.set_viewport_size(PHONE)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"password-reset-{name}-390.png"), full_page=True)
    shoot(page, f"password-reset-{name}")
    page.set_viewport_size(PHONE)
    fits_360(page)
    axe_check(page)


def test_forgotten_password_on_a_phone(
    page: Page, live_server: LiveServer, problems: PageProblems
) -> None:
    problems.allow(r"status of 422 .*/mot-de-passe/nouveau\)")  # the mismatch, on purpose
    problems.allow(r"status of 410 .*/mot-de-passe/nouveau\?jeton=")  # the used link, on purpose
    email = f"oubli-{uuid.uuid4().hex[:6]}@example.test"
    with transaction(live_server.session_factory) as session:
        create_user(session, email, PASSWORD, "reporter")
    page.set_viewport_size(PHONE)
    page.goto("/connexion")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.locator("h1")).to_have_text("Mot de passe oublié")
    _check(page, "request")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.locator("#mail-sent")).to_contain_text("Si un compte existe pour cette adresse")
    _check(page, "sent")

    with smtp_server() as (url, inbox):
        drainer = live_server.settings.model_copy(update={"smtp_url": url})
        send_pending(live_server.session_factory, drainer, render)
        mine = [m for m in inbox.messages if m["To"] == email]
    assert len(mine) == 1
    _full, path = mailed_link(mine[0])
    page.goto(path)
    expect(page.locator("h1")).to_have_text("Choisissez un nouveau mot de passe")
    expect(page.locator("#password-rules")).to_contain_text("Au moins 12 caractères")
    _check(page, "form")

    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Le même mot de passe, une seconde fois").fill(NEW_PASSWORD + " !")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.locator("#password-error")).to_contain_text("pas identiques")
    _check(page, "mismatch")

    page.get_by_label("Nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_label("Le même mot de passe, une seconde fois").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page).to_have_url(re.compile(r"/compte$"))
    expect(page.locator("#password-title")).to_have_text("Mot de passe")
    _check(page, "account")

    page.goto(path)  # the link served once
    expect(page.locator("#password-error")).to_contain_text("plus valable")
