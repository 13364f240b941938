"""Browser flow of physicians' accounts in a real headless Chromium over the live server: a
physician has her RPPS confirmed, claims her Instagram account with the one-time bio code and a
screenshot, a moderator confirms it, and a patient who pastes the account's URL sees the physician
and her verdicts; a case closed as unfounded shows nothing negative under the account. Every page
is checked at phone width and with axe-core."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
import pytest
from browser import LiveServer, axe_check, shoot
from playwright.sync_api import Page, expect
from test_browser_reports import fits_360

from demo_registry import BELLAMY_RPPS
from report_helpers import PASSWORD, png_bytes
from vigie.accounts.services import create_user, issue_token
from vigie.db.engine import transaction

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _sign_in(page: Page, email: str, path: str) -> None:
    page.goto(path)
    expect(page).to_have_url(re.compile(r"/connexion\?next="))
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").first.click()


def _check(page: Page, name: str) -> None:
    shoot(page, name)
    fits_360(page)
    axe_check(page)


def test_physician_claims_moderator_confirms_patient_sees_the_physician(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    suffix = uuid.uuid4().hex[:6]
    handle = f"dr.bellamy.{suffix}"
    doctor, moderator = f"doc-{suffix}@example.test", f"mod-{suffix}@example.test"
    with transaction(live_server.session_factory) as session:
        create_user(session, doctor, PASSWORD, "reporter")
        create_user(session, moderator, PASSWORD, "moderator")

    _sign_in(page, doctor, "/compte")
    page.get_by_label("Numéro RPPS (11 chiffres)").fill(BELLAMY_RPPS)
    page.get_by_role("button", name="Envoyer pour vérification").click()
    expect(page.locator("#rpps-status")).to_contain_text("en attente")
    page.get_by_label("Nom du compte (@pseudo) ou lien du profil").fill(
        f"https://www.instagram.com/{handle}/?igshid=x1"
    )
    page.get_by_role("button", name="Rattacher ce compte").click()
    claim = page.locator("article.claim")
    expect(claim).to_have_attribute("data-claim-status", "pending")
    code = claim.locator(".claim-code").inner_text()
    assert re.fullmatch(r"VIGIE-[0-9A-F]{6}", code)
    shot = tmp_path / "profil.png"
    shot.write_bytes(png_bytes(390, 700))
    claim.get_by_label("Capture d'écran du profil (PNG, JPEG ou WebP)").set_input_files(str(shot))
    claim.get_by_role("button", name="Envoyer la capture").click()
    expect(page.locator("article.claim")).to_contain_text("Capture reçue")
    _check(page, "account-claim-pending")
    _sign_out(page)

    _sign_in(page, moderator, "/moderation/identites")
    page.locator("article.card", has_text=doctor).get_by_role("button", name="Accepter").click()
    page.goto("/moderation/comptes")
    card = page.locator("article.handle-claim", has_text=handle)
    expect(card).to_contain_text(code)
    expect(card.locator("img")).to_be_visible()  # the physician's screenshot, as a preview
    _check(page, "moderation-account-claims")
    card.get_by_role("button", name="Confirmer ce compte").click()
    expect(page.locator("article.handle-claim", has_text=handle)).to_have_count(0)
    _sign_out(page)

    page.goto("/")
    page.get_by_label(re.compile("Nom et prénom, numéro RPPS ou compte")).first.fill(
        f"instagram.com/{handle}"
    )
    page.get_by_role("button", name=re.compile("Vérifier")).first.click()
    owner = page.locator(".account-owner")
    expect(owner).to_contain_text("Compte confirmé de Dr Élodie BELLAMY-ROCHE")
    expect(owner).to_contain_text(f"RPPS {BELLAMY_RPPS}")
    expect(owner.locator(".verdict")).to_have_count(3)
    _check(page, "account-confirmed-owner")
    owner.get_by_role("link", name=re.compile("fiche complète")).click()
    expect(page.locator(".confirmed-accounts")).to_contain_text(handle)


def test_a_case_closed_as_unfounded_shows_nothing_negative(
    page: Page, live_server: LiveServer
) -> None:
    handle = f"salon.innocent.{uuid.uuid4().hex[:6]}"
    email = f"mod-{handle}@example.test"
    with transaction(live_server.session_factory) as session:
        create_user(session, email, PASSWORD, "moderator")
        token = issue_token(session, email)
    form = {
        "platform": "instagram",
        "account": "@" + handle,
        "description": "Elle fait des injections chez elle, c'est une fausse injectrice.",
        "post_texts": "Promo lèvres 150€ DM pour réserver",
    }
    filed = httpx.post(f"{live_server.url}/api/v1/reports", data=form, files={"x": ("", b"")})
    assert filed.status_code == 201, filed.text
    case_id = filed.json()["case_id"]
    page.goto(f"/verifier?q=instagram.com/{handle}")
    expect(page.locator("[data-public-status]")).to_have_attribute(
        "data-public-status", "under_review"
    )
    headers = {"authorization": f"Bearer {token}"}
    for version, body in enumerate(
        ({"to": "triaged"}, {"to": "closed", "outcome": "unfounded"}), start=1
    ):
        moved = httpx.post(
            f"{live_server.url}/api/v1/cases/{case_id}/transition",
            json=body | {"version": version},
            headers=headers,
        )
        assert moved.status_code == 200, moved.text
    page.goto(f"/verifier?q=instagram.com/{handle}")
    status = page.locator("[data-public-status]")
    expect(status).to_have_attribute("data-public-status", "closed")
    text = page.locator("main").inner_text().lower()
    for word in ("infondé", "fausse", "risque", "élevé", "sanction", "transmis", "usurpation"):
        assert word not in text, word
    expect(status).to_contain_text("Aucun signalement en cours pour ce compte.")
    _check(page, "account-closed-unfounded")
