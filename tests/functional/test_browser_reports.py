"""Browser flows of the reports domain in a real headless Chromium over the live server: filing a
report with an image and getting the tracking link; a moderator signing in and moving the case to
``triaged``. Each flow screenshots at 360 and 1280 px and runs axe-core."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
import pytest
from browser import LiveServer, axe_check, shoot
from playwright.sync_api import Page, expect

from report_helpers import PASSWORD, png_bytes
from vigie.accounts.services import create_user
from vigie.db.engine import transaction

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fits_360(page: Page) -> None:
    """Nothing on the page is wider than a 360 px phone (no sideways scrolling)."""
    original = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 800})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    if original:
        page.set_viewport_size(original)
    assert width <= 360, f"{page.url} is {width} px wide at 360 px"


def _file_report(page: Page, image: Path, handle: str) -> str:
    page.goto("/signaler")
    expect(page.locator("h1")).to_contain_text("Signaler")
    page.get_by_label("Plateforme").select_option("instagram")
    page.get_by_label("Nom du compte (@pseudo) ou lien du profil").fill(handle)
    page.get_by_label("Injections d'acide hyaluronique").check()
    page.get_by_label("Décrivez ce qui s'est passé").fill(
        "Elle propose des injections de lèvres chez elle, 150 € payés en espèces."
    )
    page.get_by_label("Texte d'une publication (copié-collé, facultatif)").fill(
        "Promo lèvres 150€ ce week-end, DM pour réserver 💋"
    )
    page.get_by_label("Captures d'écran ou PDF (facultatif)").set_input_files(str(image))
    page.get_by_label("Une personne a subi une complication après une injection").check()
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("h1")).to_contain_text("Merci")
    link = page.locator("#tracking-link")
    expect(link).to_be_visible()
    return str(link.get_attribute("href"))


def test_file_a_report_with_an_image_and_get_the_tracking_link(page: Page, tmp_path: Path) -> None:
    image = tmp_path / "capture.png"
    image.write_bytes(png_bytes(320, 640))
    page.goto("/signaler")
    shoot(page, "report-form")
    fits_360(page)
    axe_check(page)
    href = _file_report(page, image, f"@browser.{uuid.uuid4().hex[:8]}")
    advice = page.locator("main aside.notice--warning")
    expect(advice).to_contain_text("appelez le 15")
    expect(advice).to_contain_text("signalement.social-sante.gouv.fr")
    shoot(page, "report-confirmation")
    fits_360(page)
    axe_check(page)
    page.goto(href)
    expect(page.locator("#tracking-status")).to_contain_text("Nouveau")
    assert re.fullmatch(r"/suivi/[A-Za-z0-9_-]{20,32}", href)


def test_moderator_signs_in_and_triages_the_case(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    image = tmp_path / "capture.png"
    image.write_bytes(png_bytes(200, 200))
    handle = f"browser.triage.{uuid.uuid4().hex[:6]}"
    _file_report(page, image, "@" + handle)
    email = f"mod-{uuid.uuid4().hex[:8]}@example.test"
    with transaction(live_server.session_factory) as session:
        create_user(session, email, PASSWORD, "moderator")

    page.goto("/moderation")
    expect(page).to_have_url(re.compile(r"/connexion\?next="))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_contain_text("File des dossiers")
    shoot(page, "moderation-queue")
    fits_360(page)
    axe_check(page)

    page.get_by_role("row", name=re.compile(re.escape(handle))).get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text(handle)
    expect(page.locator(".evidence img")).to_have_count(1)
    page.get_by_label("Nouvel état").select_option("triaged")
    page.get_by_label("Commentaire", exact=True).fill("Compte vérifié, à transmettre.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#case-status")).to_contain_text("Examiné")
    expect(page.locator(".history")).to_contain_text("triage")
    shoot(page, "moderation-case")
    fits_360(page)
    axe_check(page)


def test_statistics_page_charts_are_accessible(page: Page, live_server: LiveServer) -> None:
    form = {"platform": "tiktok", "account": f"@stats.{uuid.uuid4().hex[:6]}", "department": "69"}
    filed = httpx.post(f"{live_server.url}/api/v1/reports", data=form, files={"x": ("", b"")})
    assert filed.status_code == 201
    page.goto("/stats")
    expect(page.locator("h1")).to_contain_text("Statistiques")
    charts = page.locator("svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 1
    assert page.locator("svg title").count() == charts.count()
    shoot(page, "stats")
    fits_360(page)
    axe_check(page)
