"""Browser flows of the reports domain in a real headless Chromium over the live server: filing a
report with an image and getting the tracking link; a report filed in one screen from an account
lookup on a 390 px phone; the form with every error at once and the file kept; the form without
JavaScript; a moderator signing in and moving the case to ``triaged``. Each flow screenshots
(360 and 1280 px, and 390 px for the phone flows) and runs axe-core."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
import pytest
from browser import SCREENSHOT_DIR, LiveServer, PageProblems, axe_check, shoot
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from report_helpers import PASSWORD, png_bytes
from vigie.accounts.services import create_user
from vigie.db.engine import transaction
from vigie.reports.models import Evidence, Report

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE = {"width": 390, "height": 844}


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
    page.get_by_label("@pseudo, lien du profil ou numéro de téléphone").fill(handle)
    page.get_by_label("Sur quelle plateforme ?").select_option("instagram")  # a bare name: asked
    page.get_by_label("Propose des injections").check()
    page.get_by_label("Injections d'acide hyaluronique").check()
    page.get_by_label("Ce que vous avez vu ou vécu").fill(
        "Elle propose des injections de lèvres chez elle, 150 € payés en espèces."
    )
    page.get_by_text("Plus de précisions").click()
    page.get_by_label("Texte d'une publication (copié-collé)").fill(
        "Promo lèvres 150€ ce week-end, DM pour réserver 💋"
    )
    page.get_by_label("Captures d'écran ou PDF (facultatif)").set_input_files(str(image))
    page.get_by_label("J'ai reçu une injection (ou un proche) et il y a eu un problème").check()
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("h1")).to_contain_text("Merci")
    link = page.locator("#tracking-link")
    expect(link).to_be_visible()
    return str(link.get_attribute("href"))


def shoot_phone(page: Page, name: str) -> Path:
    """The page as a 390 px phone shows it (the width the report form is designed for)."""
    original = page.viewport_size
    page.set_viewport_size(PHONE)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}-390.png"
    page.screenshot(path=str(path), full_page=True)
    if original:
        page.set_viewport_size(original)
    return path


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


def test_report_filed_in_one_screen_from_an_account_lookup(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    image = tmp_path / "story.png"
    image.write_bytes(png_bytes(390, 700))
    handle = f"@lookup.{uuid.uuid4().hex[:6]}"
    page.set_viewport_size(PHONE)
    page.goto(f"/verifier?q={handle}")
    page.get_by_role("link", name="Signaler ce compte").click()
    account = page.get_by_label("@pseudo, lien du profil ou numéro de téléphone")
    expect(account).to_have_value(handle)
    platform = page.get_by_label("Sur quelle plateforme ?")
    expect(platform).to_be_visible()  # a bare @name does not say its platform
    axe_check(page)
    fits_360(page)
    platform.select_option("tiktok")
    page.get_by_label("Propose des injections").check()
    expect(page.get_by_label("Toxine botulique (« botox »)")).to_be_visible()
    page.get_by_label("Toxine botulique (« botox »)").check()
    page.get_by_label("Captures d'écran ou PDF (facultatif)").set_input_files(str(image))
    page.get_by_label("Votre e-mail (vu seulement par les modérateurs)").fill(
        "patiente@example.test"
    )
    page.get_by_label("Prévenez-moi par e-mail quand le dossier avance").check()
    shoot_phone(page, "report-form-from-lookup")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("h1")).to_contain_text("Merci")
    href = str(page.locator("#tracking-link").get_attribute("href"))
    page.goto(href)
    expect(page).to_have_url(re.compile(r"/suivi/[A-Za-z0-9_-]{20,32}$"))
    shoot_phone(page, "report-tracking-from-lookup")
    with live_server.session_factory() as session:
        report = session.scalars(
            select(Report).where(Report.tracking_code == href.rsplit("/", 1)[1])
        ).one()
        assert (report.acts, report.notify) == (["botulinum_toxin"], True)
        evidence = session.scalars(select(Evidence).where(Evidence.report_id == report.id)).all()
        assert [e.original_name for e in evidence] == ["story.png"]


def test_every_error_at_once_and_the_file_kept(
    page: Page, live_server: LiveServer, problems: PageProblems, tmp_path: Path
) -> None:
    problems.allow(r"status of 422 .*/signaler")  # the refused form comes back as a 422 page
    image = tmp_path / "preuve.png"
    image.write_bytes(png_bytes(200, 300))
    handle = f"@errors.{uuid.uuid4().hex[:6]}"
    page.set_viewport_size(PHONE)
    page.goto("/signaler")
    expect(page.get_by_label("Sur quelle plateforme ?")).to_be_hidden()  # nothing typed yet
    page.get_by_label("@pseudo, lien du profil ou numéro de téléphone").fill(handle)
    expect(page.get_by_label("Sur quelle plateforme ?")).to_be_visible()
    page.get_by_label("Captures d'écran ou PDF (facultatif)").set_input_files(str(image))
    page.get_by_text("Plus de précisions").click()
    page.get_by_label("Département").fill("999")
    page.get_by_label("Prévenez-moi par e-mail quand le dossier avance").check()
    page.get_by_role("button", name="Envoyer le signalement").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("li")).to_have_count(3)
    focused = page.evaluate("() => document.activeElement && document.activeElement.id")
    assert focused == "platform"  # the first field in error has the focus
    expect(page.locator("#platform-error")).to_contain_text("Choisissez la plateforme")
    expect(page.locator("#department-error")).to_contain_text("Département invalide")
    expect(page.locator("#contact_email-error")).to_contain_text("adresse e-mail")
    kept = page.get_by_label(re.compile("preuve.png"))
    expect(kept).to_be_checked()
    expect(page.locator(".kept-files")).to_contain_text("déjà joint")
    expect(page.get_by_label("@pseudo, lien du profil ou numéro de téléphone")).to_have_value(
        handle
    )
    axe_check(page)
    fits_360(page)
    shoot(page, "report-form-errors")
    shoot_phone(page, "report-form-errors")

    summary.get_by_role("link", name=re.compile("Département")).click()
    assert page.evaluate("() => location.hash") == "#department"
    page.get_by_label("Sur quelle plateforme ?").select_option("snapchat")
    page.get_by_label("Département").fill("75")
    page.get_by_label("Votre e-mail (vu seulement par les modérateurs)").fill("moi@example.test")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("h1")).to_contain_text("Merci")
    code = str(page.locator("#tracking-link").get_attribute("href")).rsplit("/", 1)[1]
    with live_server.session_factory() as session:
        report = session.scalars(select(Report).where(Report.tracking_code == code)).one()
        assert report.department == "75"
        evidence = session.scalars(select(Evidence).where(Evidence.report_id == report.id)).all()
        assert [e.original_name for e in evidence] == ["preuve.png"]


def test_the_form_works_without_javascript(browser: Browser, live_server: LiveServer) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.set_viewport_size(PHONE)
        page.goto("/signaler?compte=" + f"@nojs.{uuid.uuid4().hex[:6]}")
        page.get_by_label("Sur quelle plateforme ?").select_option("instagram")
        page.get_by_label("Propose des injections").check()
        page.get_by_label("Une autre injection, ou je ne sais pas").check()  # shown: no script
        shoot_phone(page, "report-form-without-javascript")
        page.get_by_role("button", name="Envoyer le signalement").click()
        expect(page.locator("h1")).to_contain_text("Merci")
    finally:
        context.close()


def test_moderator_signs_in_and_triages_the_case(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    image = tmp_path / "capture.png"
    image.write_bytes(png_bytes(200, 200))
    handle = f"browser.triage.{uuid.uuid4().hex[:6]}"
    _file_report(page, image, "@" + handle)
    email = f"mod-{uuid.uuid4().hex[:8]}@example.test"
    # A colleague with a long address: the queue's « Confier à » list must not widen the page.
    colleague = f"moderatrice.{uuid.uuid4().hex}.longue-adresse@association-exemple.test"
    with transaction(live_server.session_factory) as session:
        create_user(session, email, PASSWORD, "moderator")
        create_user(session, colleague, PASSWORD, "moderator")

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
    expect(page.locator(".history")).to_contain_text("Examen par la modération")
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
