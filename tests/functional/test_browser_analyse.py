"""Browser flows of ``/analyser`` at phone width (390 px): the page explains its answer.

A nurse's RPPS claimed in an offer: the registry cross-check says she is not a physician, the risk
is high and said in words. A physician's warning that quotes the market, with her bio: low risk,
the signals that lower it listed apart, each with an icon and words (never colour alone).
"""

from __future__ import annotations

import pytest
from browser import SCREENSHOT_DIR, axe_check, shoot
from playwright.sync_api import Page, expect

from demo_registry import NURSE_RPPS

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE = {"width": 390, "height": 844}


def _analyse(page: Page, text: str, bio: str = "") -> None:
    page.set_viewport_size(PHONE)
    page.goto("/analyser")
    page.get_by_label("Texte de la publication").fill(text)
    if bio:
        page.get_by_label("Bio du compte (facultatif)").fill(bio)
    page.get_by_role("button", name="Analyser").click()
    expect(page.locator(".risk")).to_be_visible()


def _fits_the_phone(page: Page, name: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at 390 px ({width} px)"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-390.png"), full_page=True)


def test_a_nurses_rpps_claimed_in_an_offer_is_said_to_be_no_physicians(page: Page) -> None:
    post = (
        "Infirmière diplômée, je fais vos lèvres à domicile 💋 150€ le ml. "
        f"Professionnelle de santé, RPPS {NURSE_RPPS}. Rdv en DM, acompte Lydia."
    )
    _analyse(page, post)
    expect(page.locator(".risk")).to_have_attribute("data-risk", "high")
    expect(page.locator(".risk__verdict")).to_have_text(
        "Risque élevé : offre d'injection esthétique hors cadre médical."
    )
    check = page.locator(".registry-check")
    expect(check).to_have_count(1)
    expect(check).to_contain_text("pas médecin")
    expect(check).to_contain_text("LEFEBVRE")
    expect(check).to_contain_text("fait monter le risque")
    raising = page.locator(".reasons--up li")
    assert raising.count() >= 4
    expect(raising.first).to_contain_text("fait monter le risque")
    # one entry per signal and explanation, however many times it fired
    ids = [raising.nth(i).get_attribute("data-signal") for i in range(raising.count())]
    texts = [raising.nth(i).inner_text() for i in range(raising.count())]
    assert len(set(texts)) == len(texts), texts
    assert "price" in ids
    _fits_the_phone(page, "analyse-nurse-rpps")
    shoot(page, "analyse-nurse-rpps")
    axe_check(page)


def test_a_physicians_warning_is_low_risk_and_shows_what_lowers_it(page: Page) -> None:
    post = (
        "🚩 Les signaux qui doivent vous alerter : « lèvres 150€, dispo ce week-end, écris-moi », "
        "acompte par Lydia, rendez-vous dans un appartement. Aucun médecin ne travaille comme ça. "
        "Méfiez-vous des fausses injectrices et vérifiez toujours le RPPS."
    )
    bio = "Dr Élodie Bellamy-Roche, dermatologue à Lyon 6e, rendez-vous sur Doctolib"
    _analyse(page, post, bio)
    expect(page.locator(".risk")).to_have_attribute("data-risk", "low")
    expect(page.locator(".risk__verdict")).to_contain_text("Risque faible")
    lowering = page.locator(".reasons--down li")
    assert lowering.count() >= 3
    for i in range(lowering.count()):
        expect(lowering.nth(i)).to_contain_text("fait baisser le risque")
        expect(lowering.nth(i).locator(".signal__icon")).to_have_text("▼")
    expect(page.locator(".reasons--down")).to_contain_text("fausses injectrices")
    expect(page.locator(".reasons--down")).to_contain_text("(dans la bio)")
    # the offer's words it quotes raise the risk, and are said to be quoted
    price = page.locator('.reasons--up li[data-signal="price"]')
    expect(price.locator(".signal__quoted")).to_have_text("(cité entre guillemets)")
    expect(page.locator('.reasons--up li[data-signal="payment"] .signal__quoted')).to_have_count(0)
    expect(page.locator(".post mark.mark--down").first).to_be_visible()
    # "6e" in the bio is Lyon's arrondissement, not a price
    assert "« 6e »" not in page.locator(".scan-result").inner_text()
    _fits_the_phone(page, "analyse-physician-warning")
    shoot(page, "analyse-physician-warning")
    axe_check(page)


def test_a_claimed_doctor_absent_from_the_registry_is_said_to_be_absent(page: Page) -> None:
    post = "Dr Léa Fantôme, experte en lèvres 💋 1 ml 150€, je reçois à domicile, rdv en DM."
    _analyse(page, post)
    expect(page.locator(".risk")).to_have_attribute("data-risk", "high")
    check = page.locator(".registry-check")
    expect(check).to_have_count(1)
    expect(check).to_contain_text("Nom de docteur revendiqué « Léa Fantôme »")
    expect(check).to_contain_text("absent du registre")
    expect(check.locator(".signal__icon")).to_have_text("▲")
    _fits_the_phone(page, "analyse-absent-doctor")


def test_the_english_page_explains_an_offer_in_english(page: Page) -> None:
    """The switch to English, then a nurse's offer with a claimed RPPS, a claimed name nobody
    holds and named products: the verdict, every reason and every registry check in English,
    the post's own words quoted as written."""
    page.set_viewport_size(PHONE)
    page.goto("/analyser")
    page.get_by_role("link", name="English").click()
    post = (
        "Infirmière diplômée, je fais vos lèvres à domicile 💋 150€ le ml, promo -20% ce "
        f"week-end. RPPS {NURSE_RPPS}. Rdv en DM, acompte Lydia. Juvederm et Hyaluron Pen."
    )
    page.get_by_label("Text of the post").fill(post)
    page.get_by_role("button", name="Scan").click()
    expect(page.locator(".risk__verdict")).to_have_text(
        "High risk: an offer of aesthetic injections outside medical practice."
    )
    check = page.locator(".registry-check")
    expect(check).to_have_count(1)
    expect(check).to_contain_text(f"RPPS/ADELI number “{NURSE_RPPS}”: not a physician.")
    expect(check).to_contain_text("Chloé LEFEBVRE (Nurse), who is not a physician")
    expect(check).to_contain_text("(extract of 2 November 2026)")
    price = page.locator('.reasons--up li[data-signal="price"]')
    expect(price).to_contain_text("“150€”")
    expect(price.locator(".signal__why")).to_have_text(
        "A price on display: a physician does not advertise commercially (decree 2020-1662)."
    )
    expect(page.locator('.reasons--up li[data-signal="banned_product"]')).to_contain_text(
        "Hyaluron Pen: a product banned or withdrawn from the French market."
    )
    assert page.locator(".reasons--up li").count() >= 6
    expect(page.locator(".signal__why[lang]")).to_have_count(0)  # nothing left in French
    expect(page.locator(".post")).not_to_have_attribute("lang", "fr")  # the post's spans are
    _fits_the_phone(page, "analyse-english-offer")
    axe_check(page)
