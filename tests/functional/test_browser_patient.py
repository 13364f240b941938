"""A patient on a phone (390 px, Chromium): the answer first, homonyms on two screens, the directory.

Each flow is screenshot at 390 px (``patient-*-390.png``, beside the 360/1280 px ones of
``shoot``) and checked with axe-core; the ``page`` fixture fails on any console error or failed
request.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import SCREENSHOT_DIR, axe_check, shoot
from playwright.sync_api import Page, expect

from demo_registry import BELLAMY_RPPS, GP_RPPS, HOMONYM_COUNT
from english_check import french_words, proper_names

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE = {"width": 390, "height": 844}


def _phone_shot(page: Page, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"patient-{name}-390.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_a_gp_toxin_verdict_reads_as_a_plain_no_with_its_reason(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"/verifier?q={GP_RPPS}")
    toxin = page.locator('.verdict[data-act="botulinum_toxin"]')
    expect(toxin).to_have_attribute("data-status", "not_authorised")
    answer = toxin.locator(".verdict__answer")
    expect(answer).to_be_visible()
    expect(answer).to_have_text(re.compile(r"^Ne peut pas injecter de toxine botulique esthétique"))
    reason = toxin.locator(".verdict__reason")
    expect(reason).to_be_visible()
    expect(reason).to_have_text(
        re.compile(r"^Le registre public RPPS \(extraction du 2 novembre 2026\) .*médecin.*\.$")
    )
    assert reason.inner_text().rstrip(".").count(". ") == 0  # one sentence
    expect(
        toxin.locator(".verdict__law")
    ).to_be_hidden()  # the legal text waits behind "Pourquoi ?"
    toxin.get_by_text("Pourquoi ?").click()
    expect(toxin.locator(".verdict__law")).to_be_visible()
    ha = page.locator('.verdict[data-act="ha_filler"] .verdict__answer')
    expect(ha).to_have_text("Peut injecter de l'acide hyaluronique")
    expect(page.locator(".site__phone").first).to_have_attribute("href", re.compile(r"^tel:\+33"))
    expect(page.get_by_text("appelez le cabinet")).to_be_visible()
    expect(page.get_by_role("link", name="Chercher un médecin autorisé")).to_be_visible()
    _phone_shot(page, "gp-toxin-no")
    shoot(page, "patient-gp-toxin-no")
    axe_check(page)


def test_martin_fits_two_phone_screens_with_the_true_count(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/verifier?q=Martin")
    banner = page.locator("#homonyms-title")
    expect(banner).to_contain_text(f"{HOMONYM_COUNT} personnes portent ce nom")
    rows = page.locator(".people .person")
    expect(rows).to_have_count(HOMONYM_COUNT)
    _phone_shot(page, "martin-homonyms")
    # The count, the refining form and every line of the list within two screens.
    last = rows.last.bounding_box()
    assert last is not None
    assert last["y"] + last["height"] <= 2 * PHONE["height"], last
    for row in rows.all():
        box = row.bounding_box()
        assert box is not None
        assert box["height"] >= 44  # a finger-sized target
    axe_check(page)
    page.get_by_label("Ville où la personne exerce").fill("44")
    page.get_by_role("button", name="Affiner").click()
    expect(page.locator(".candidate")).to_have_count(1)
    expect(page.locator(".candidate")).to_contain_text("Nantes")
    page.go_back()
    rows.first.click()
    expect(page).to_have_url(re.compile(r"/praticien/\d{11}$"))
    expect(page.locator(".verdict")).to_have_count(3)


def test_toxin_near_lyon_lists_authorised_physicians_with_addresses_and_the_formula(
    page: Page,
) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.get_by_role("link", name="Trouver un médecin autorisé").click()
    page.get_by_label("Je cherche").select_option("botulinum_toxin")
    page.get_by_label("Près de").fill("Lyon")
    page.get_by_role("button", name="Chercher", exact=True).click()
    expect(page).to_have_url(re.compile(r"/trouver\?acte=botulinum_toxin&lieu=Lyon"))
    results = page.locator(".directory-results > li")
    expect(results).to_have_count(1)
    first = results.first
    expect(first).to_contain_text("Élodie BELLAMY-ROCHE")
    expect(first).to_contain_text("Dermatologie")
    expect(first.locator(".site__address").first).to_contain_text("RUE DES TILLEULS")
    expect(first.get_by_role("link", name=re.compile("Appeler le")).first).to_be_visible()
    expect(page.get_by_role("heading", name="Comment cette liste est classée")).to_be_visible()
    expect(page.locator(".ranking")).to_contain_text("Aucun paiement, aucune note et aucun avis")
    expect(page.locator("body")).not_to_contain_text("DUPONT-LEGRAND")  # a GP may not
    _phone_shot(page, "directory-toxin-lyon")
    shoot(page, "patient-directory-toxin-lyon")
    axe_check(page)
    first.get_by_role("link", name="Élodie BELLAMY-ROCHE").click()
    expect(page).to_have_url(re.compile(f"/praticien/{BELLAMY_RPPS}$"))


def _no_french_left(page: Page, twin: str) -> None:
    """Every "Why?" opened, the page's visible text has no French word but its proper names."""
    for summary in page.locator("details > summary").all():
        summary.click()
    names = proper_names(page.request.get(twin).json()) | {"Gironde", "Rhône"}
    left = french_words(page.locator("body").inner_text(), names)
    assert left == [], (page.url, left)


def test_the_same_result_page_in_english_has_no_french_left(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"/verifier?q={GP_RPPS}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(rf"/verifier\?q={GP_RPPS}$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    toxin = page.locator('.verdict[data-act="botulinum_toxin"]')
    expect(toxin.locator(".verdict__answer")).to_have_text(
        re.compile(r"^May not inject aesthetic botulinum toxin: reserved for dermatologists")
    )
    expect(toxin.locator(".verdict__reason")).to_have_text(
        "The public RPPS registry (extract of 2 November 2026) lists this person as a physician "
        "(General practice), not in one of these specialties."
    )
    expect(page.locator(".who")).to_contain_text("Physician")
    expect(page.locator(".who")).to_contain_text("General practice")
    expect(page.get_by_text("Source: RPPS, extract of 2 November 2026")).to_be_visible()
    _no_french_left(page, f"/verifier.json?q={GP_RPPS}")
    expect(toxin.locator(".verdict__law")).to_be_visible()  # opened: the law in English too
    _phone_shot(page, "gp-toxin-no-english")
    shoot(page, "patient-gp-toxin-no-english")
    axe_check(page)
    page.get_by_role("link", name="Find an authorised physician").click()
    page.get_by_label("Near").fill("Lyon")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".directory-results > li")).to_have_count(1)
    expect(page.locator(".ranking")).to_contain_text("No payment, no rating and no review")
    _no_french_left(page, "/trouver.json?acte=botulinum_toxin&lieu=Lyon")
    _phone_shot(page, "directory-toxin-lyon-english")
    axe_check(page)
    page.get_by_role("link", name="Élodie BELLAMY-ROCHE").click()
    expect(page.locator(".verdict__answer").first).to_have_text("May inject hyaluronic acid")
    expect(
        page.get_by_text(re.compile(r"^Page viewed on \d{1,2} [A-Z][a-z]+ 20\d\d$"))
    ).to_be_visible()
    _no_french_left(page, f"/praticien/{BELLAMY_RPPS}.json")
    _phone_shot(page, "practitioner-english")
    axe_check(page)
