"""Browser flows of the public pages, in a real headless Chromium over a live server.

Each flow screenshots its key page at 360 px and 1280 px and runs axe-core; the ``page`` fixture
fails a flow on any console error, failed request or request leaving the server.
"""

from __future__ import annotations

import re

import pytest
from browser import LiveServer, PageProblems, axe_check, shoot
from playwright.sync_api import Browser, Page, expect

from demo_registry import BELLAMY_RPPS, HOMONYM_COUNT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_home_page_has_one_search_box_and_three_entry_points(page: Page) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").count() == 1
    expect(page.get_by_role("searchbox")).to_have_count(1)
    for label in ("Vérifier un injecteur", "Comprendre un soin", "Signaler"):
        expect(page.locator(".tiles").get_by_role("link", name=label)).to_be_visible()
    shoot(page, "home")
    axe_check(page)


def test_search_by_name_with_a_typo_then_open_the_practitioner(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Nom et prénom").fill("Elodie Belamy")
    page.get_by_label("Ville (facultatif)").fill("Lyon")
    page.get_by_role("button", name="Vérifier").click()
    expect(page).to_have_url(re.compile(r"/verifier\?q=Elodie\+Belamy"))
    card = page.locator(".candidate").first
    expect(card.locator(".candidate__name")).to_contain_text("BELLAMY-ROCHE")
    expect(card.locator(".verdict")).to_have_count(3)
    expect(card.locator(".verdict--ok")).to_have_count(3)
    expect(page.locator(".source")).to_contain_text("extraction du 2 novembre 2026")
    why = card.locator("details").first
    expect(why.locator("p").first).not_to_be_visible()
    why.locator("summary").click()
    expect(why.locator("p").first).to_be_visible()
    shoot(page, "result-name-typo")
    axe_check(page)
    card.get_by_role("link", name=re.compile("BELLAMY-ROCHE")).click()
    expect(page).to_have_url(re.compile(f"/praticien/{BELLAMY_RPPS}$"))
    expect(page.locator("h1")).to_contain_text("Élodie BELLAMY-ROCHE")
    shoot(page, "practitioner")
    axe_check(page)


def test_search_by_rpps_number_with_spaces(page: Page) -> None:
    page.goto("/")
    page.get_by_label("Nom et prénom").fill("100 000 000 09")
    page.keyboard.press("Enter")
    card = page.locator(".candidate")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(BELLAMY_RPPS)
    shoot(page, "result-rpps")
    axe_check(page)


def test_general_practitioner_gets_a_no_for_toxin_in_words_not_only_colour(page: Page) -> None:
    page.goto("/verifier?q=Marc+Dupont-Legrand")
    toxin = page.locator(".candidate").first.locator(".verdict").nth(1)
    expect(toxin).to_have_attribute("data-status", "not_authorised")
    expect(toxin.locator(".verdict__status")).to_have_text("Non autorisé")


def test_not_found_search_explains_what_to_ask(page: Page) -> None:
    page.goto("/verifier?q=Zoltan+Introuvablissime")
    notice = page.locator(".notice--unknown")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("numéro RPPS")
    expect(page.locator(".candidate")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Signaler")).first).to_be_visible()
    shoot(page, "result-not-found")
    axe_check(page)


def test_invalid_rpps_is_explained(page: Page) -> None:
    page.goto("/verifier?q=10000000001")
    expect(page.locator(".notice--warning")).to_contain_text("ne peut pas être un numéro RPPS")
    shoot(page, "result-invalid-rpps")
    axe_check(page)


def test_homonyms_ask_for_a_city_and_the_city_narrows(page: Page) -> None:
    page.goto("/verifier?q=Isabelle+Martin")
    expect(page.locator("#homonyms-title")).to_contain_text(
        f"{HOMONYM_COUNT} personnes portent ce nom"
    )
    shoot(page, "result-homonyms")
    axe_check(page)
    page.get_by_label("Ville où la personne exerce").fill("Nantes")
    page.get_by_role("button", name="Affiner").click()
    expect(page.locator(".candidate").first).to_contain_text("Nantes")


def test_read_a_guide_with_its_sources_and_a_link_to_report(page: Page) -> None:
    page.goto("/guides")
    expect(page.locator(".tile")).to_have_count(7)
    shoot(page, "guides")
    axe_check(page)
    page.get_by_role("link", name="La mésothérapie").click()
    expect(page.locator("h1")).to_have_text("La mésothérapie")
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    expect(page.locator(".guide__body").first).to_contain_text("4 mm")
    expect(
        page.locator("main").get_by_role("link", name="Signaler un compte suspect")
    ).to_be_visible()
    shoot(page, "guide-mesotherapie")
    axe_check(page)


def test_paste_a_post_and_see_the_reasons_highlighted(page: Page) -> None:
    page.goto("/analyser")
    post = (
        "Promo -30% sur les injections d'acide hyaluronique lèvres, 120€ seulement ! "
        "Je me déplace à domicile, RDV en DM 📩 <script>alert(1)</script>"
    )
    page.get_by_label("Texte de la publication").fill(post)
    page.get_by_role("button", name="Analyser").click()
    expect(page.locator(".risk")).to_be_visible()
    marks = page.locator(".post mark")
    assert marks.count() >= 2
    expect(page.locator(".reasons li").first).to_be_visible()
    assert "<script>alert(1)</script>" in page.locator(".post").inner_text()
    shoot(page, "analyse-result")
    axe_check(page)


def test_switch_to_english_and_back(page: Page) -> None:
    page.goto("/guides")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Understand a procedure")
    page.goto("/")
    expect(page.locator("h1")).to_have_text("May this person inject you?")
    shoot(page, "home-en")
    axe_check(page)
    page.get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_keyboard_only_reaches_the_search_through_the_skip_link(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.id")
    assert focused in ("q", "q-ville")


def test_search_and_guides_work_without_javascript(
    browser: Browser, live_server: LiveServer
) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Nom et prénom").fill("Bellamy")
    page.get_by_role("button", name="Vérifier").click()
    expect(page.locator(".candidate").first).to_contain_text("BELLAMY-ROCHE")
    page.locator("details summary").first.click()
    expect(page.locator("details").first).to_have_attribute("open", "")
    page.goto("/guides/faux-injecteurs")
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    context.close()


def test_an_unknown_page_is_a_friendly_404(page: Page, problems: PageProblems) -> None:
    problems.allow(r"status of 404 .*/cette-page-n-existe-pas")  # the page itself, on purpose
    page.goto("/cette-page-n-existe-pas")
    expect(page.locator("h1")).to_have_text("Page introuvable")
    expect(page.get_by_role("searchbox")).to_be_visible()
    axe_check(page)
