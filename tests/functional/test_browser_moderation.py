"""Browser flows of a moderation team in a real headless Chromium over the live server: a case
whose reporter declared harm tops the queue with its reason shown; one moderator takes it, and
her colleague sees it taken in the queue and on the case page; a bulk "assign to me" of three
cases with JavaScript off, and the history naming actors by role. Phone width, axe-core."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from browser import SCREENSHOT_DIR, LiveServer, axe_check, shoot
from playwright.sync_api import Browser, Page, expect
from test_browser_reports import fits_360

from report_helpers import PASSWORD
from vigie.accounts.services import create_user
from vigie.db.engine import transaction

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE = {"width": 390, "height": 844}


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


def test_bulk_assign_to_me_without_javascript_and_the_history_names_roles(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    """One form over the queue's checkboxes, JavaScript off, at 390 px: three cases assigned to
    the signed-in moderator at once; each case's history says who by role and short label.
    (axe-core runs in the JavaScript page: it is a script.)"""
    suffix = uuid.uuid4().hex[:6]
    email = f"claire-{suffix}@example.test"
    with transaction(live_server.session_factory) as session:
        create_user(session, email, PASSWORD, "moderator")
    department = "976"  # Mayotte: no other flow files there, so the three share one page
    cases = []
    for n in range(3):
        form = {"platform": "tiktok", "account": f"@lot{n}.{suffix}", "department": department}
        filed = httpx.post(f"{live_server.url}/api/v1/reports", data=form, files={"x": ("", b"")})
        assert filed.status_code == 201, filed.text
        cases.append(filed.json()["case_id"])
    selection = f"/moderation?department={department}&assigned=none"
    _sign_in(page, email)
    page.goto(selection)
    fits_360(page)
    axe_check(page)

    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=PHONE, java_script_enabled=False
    )
    plain = context.new_page()
    try:
        _sign_in(plain, email)
        plain.goto(selection)
        for case_id in cases:
            plain.get_by_label(f"Choisir le dossier n° {case_id}").check()
        _shoot_390(plain, "moderation-bulk-selection")
        plain.get_by_role("button", name="Me les attribuer").click()
        expect(plain.locator("#bulk-done")).to_have_text("3 dossier(s) vous sont attribués.")
    finally:
        context.close()

    page.set_viewport_size(PHONE)
    page.goto(f"/moderation?department={department}&assigned=me")
    for case_id in cases:
        row = page.locator(f'table.queue tr[data-case="{case_id}"]')
        expect(row.locator(".assigned")).to_have_text(email)
    shoot(page, "moderation-bulk-assigned")
    _shoot_390(page, "moderation-bulk-assigned")
    axe_check(page)
    page.goto(f"/moderation/cas/{cases[0]}")
    history = page.locator("ol.history")
    expect(history.locator('li[data-kind="case_opened"]')).to_contain_text("Signalant anonyme")
    label = f"Modérateur · claire-{suffix}@…"
    expect(history.locator('li[data-kind="assign"]')).to_contain_text(f"Prise en charge — {label}")
    expect(history).not_to_contain_text("user:")
    # Paris time in a moderator's words, the ISO kept for machines: "2 déc. 2026, 10:14"
    expect(history.locator('li[data-kind="case_opened"] time')).to_have_text(
        re.compile(r"^\d{1,2} [a-zéû.]+ 20\d\d, \d\d:\d\d$")
    )
    expect(history).not_to_contain_text("UTC")
    shoot(page, "moderation-case-history")
    _shoot_390(page, "moderation-case-history")
    fits_360(page)
    axe_check(page)


def _shoot_390(page: Page, name: str) -> None:
    """The phone width the issue names, beside ``shoot``'s 360 and 1280 px."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-390.png"), full_page=True)
