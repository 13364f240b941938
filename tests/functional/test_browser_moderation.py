"""Browser flow of a moderation team in a real headless Chromium over the live server: a case
whose reporter declared harm tops the queue with its reason shown; one moderator takes it, and
her colleague sees it taken in the queue and on the case page. Phone width, axe-core."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from browser import LiveServer, axe_check, shoot
from playwright.sync_api import Page, expect
from test_browser_reports import fits_360

from report_helpers import PASSWORD
from vigie.accounts.services import create_user
from vigie.db.engine import transaction

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _sign_in(page: Page, email: str) -> None:
    page.goto("/moderation")
    expect(page).to_have_url(re.compile(r"/connexion\?next="))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_contain_text("File des dossiers")


def test_harm_tops_the_queue_and_a_taken_case_shows_who_has_it(
    page: Page, live_server: LiveServer
) -> None:
    suffix = uuid.uuid4().hex[:6]
    first, second = f"anne-{suffix}@example.test", f"brice-{suffix}@example.test"
    with transaction(live_server.session_factory) as session:
        create_user(session, first, PASSWORD, "moderator")
        create_user(session, second, PASSWORD, "moderator")
    handle = f"harm.{suffix}"
    form = {"platform": "instagram", "account": "@" + handle, "harmed": "true"}
    filed = httpx.post(f"{live_server.url}/api/v1/reports", data=form, files={"x": ("", b"")})
    assert filed.status_code == 201, filed.text
    case_id = filed.json()["case_id"]

    _sign_in(page, first)
    top = page.locator("table.queue tbody tr").first
    expect(top).to_have_attribute("data-case", str(case_id))
    expect(top.locator(".priority")).to_contain_text("complication déclarée par un signalant")
    shoot(page, "moderation-queue-priority")
    fits_360(page)
    axe_check(page)
    top.get_by_role("link").click()
    page.get_by_role("button", name="Prendre ce dossier").click()
    expect(page.locator("#case-assigned")).to_contain_text(first)
    page.get_by_role("button", name="Se déconnecter").first.click()

    _sign_in(page, second)
    row = page.locator(f'table.queue tr[data-case="{case_id}"]')
    expect(row.locator(".assigned")).to_contain_text(first)
    row.get_by_role("link").click()
    expect(page.locator("#case-assigned")).to_contain_text(first)
    shoot(page, "moderation-case-taken")
    fits_360(page)
    axe_check(page)
