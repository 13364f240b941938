"""Browser flow of the filler guide on a phone (390 × 844, headless Chromium over the live server):
the link at the top of the sheet lands on its risks section with the emergency signs on screen
without scrolling, the page is axe-clean, and the reader finds her ARS from her département."""

from __future__ import annotations

import pytest
from browser import SCREENSHOT_DIR, LiveServer, axe_check, shoot
from playwright.sync_api import Page, expect
from test_browser_reports import fits_360

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE = {"width": 390, "height": 844}


def test_the_filler_guide_shows_the_emergency_signs_above_the_fold_of_its_risks(
    page: Page, live_server: LiveServer
) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/guides/acide-hyaluronique")
    page.get_by_role("link", name="Un problème après l'injection ?").click()
    expect(page).to_have_url(f"{live_server.url}/guides/acide-hyaluronique#les-risques")
    heading = page.locator("h2#les-risques")
    box = page.locator(".urgence")
    expect(box).to_contain_text("Appelez le 15")
    expect(box).to_contain_text("Seul un médecin peut dissoudre l'acide hyaluronique")
    top = heading.bounding_box()
    bottom = box.locator("li").last.bounding_box()
    assert top is not None
    assert bottom is not None
    assert top["y"] >= 0, "the risks heading is above the screen"
    assert bottom["y"] + bottom["height"] <= PHONE["height"], "the last warning sign needs a scroll"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "guide-filler-risks-390.png"))
    axe_check(page)
    fits_360(page)
    shoot(page, "guide-filler")


def test_a_reader_finds_the_ars_of_her_departement(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/guides/apres-complication")
    page.get_by_label("Votre département").select_option("33")
    page.get_by_role("button", name="Trouver mon ARS").click()
    link = page.get_by_role("link", name="ARS Nouvelle-Aquitaine")
    expect(link).to_have_attribute("href", "https://www.nouvelle-aquitaine.ars.sante.fr/")
    expect(page.get_by_label("Votre département")).to_have_value("33")
    axe_check(page)
    shoot(page, "guide-after-complication-ars")
