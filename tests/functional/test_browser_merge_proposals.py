"""Browser flow of linked identifiers, in a real headless Chromium at phone width (390 px): two
reported accounts whose posts give one WhatsApp number, spelt two ways, are proposed to the
moderator as "même numéro que le dossier N" and merged in one click; the page is axe-clean."""

from __future__ import annotations

import random
import re
import uuid

import httpx
import pytest
from browser import SCREENSHOT_DIR, LiveServer, axe_check, shoot
from playwright.sync_api import Page, expect

from report_helpers import PASSWORD
from vigie.accounts.services import create_user
from vigie.db.engine import transaction

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE_WIDTH = 390


def _file(live_server: LiveServer, handle: str, post: str) -> int:
    form = {"platform": "instagram", "account": handle, "acts": ["ha_filler"], "post_texts": [post]}
    filed = httpx.post(f"{live_server.url}/api/v1/reports", data=form, files={"x": ("", b"")})
    assert filed.status_code == 201, filed.text
    case_id: int = filed.json()["case_id"]
    return case_id


def _sign_in_as_moderator(page: Page, live_server: LiveServer) -> None:
    email = f"mod-{uuid.uuid4().hex[:8]}@example.test"
    with transaction(live_server.session_factory) as session:
        create_user(session, email, PASSWORD, "moderator")
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("h1")).to_contain_text("File des dossiers")


def _fits(page: Page, width: int) -> None:
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide at {width} px"


def test_two_cases_sharing_a_whatsapp_number_are_merged_in_one_click(
    page: Page, live_server: LiveServer
) -> None:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    # A mainland mobile: 06 9x and 06 39 are overseas numbers (+590, +262…), which a wa.me/33…
    # link does not spell the same way, so they would not match (as they should not).
    digits = f"{random.randrange(10, 39)}{random.randrange(10**6):06d}"
    spaced = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    tag = uuid.uuid4().hex[:6]
    first = _file(live_server, f"@lips.{tag}", f"Lèvres 150€ ✨ RDV wa.me/336{digits}")
    second = _file(live_server, f"@lips.bis.{tag}", f"Promo -20% 📲 WhatsApp 06 {spaced}")

    _sign_in_as_moderator(page, live_server)
    page.goto(f"/moderation/cas/{second}")
    section = page.locator("#identifiants")
    proposal = section.locator(f"#proposal-{first}")
    expect(proposal).to_contain_text(f"même numéro que le dossier n° {first}")
    expect(proposal).to_contain_text(f"+33 6 {spaced}")
    expect(section.locator("ul.identifiers")).to_contain_text(f"« 06 {spaced} »")
    expect(section.locator("ul.identifiers")).to_contain_text("publication 1")
    _fits(page, PHONE_WIDTH)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SCREENSHOT_DIR / f"merge-proposal-{PHONE_WIDTH}.png"))
    shoot(page, "merge-proposal")
    axe_check(page)

    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    proposal.get_by_role("button", name=f"Fusionner le dossier n° {first} dans celui-ci").click()
    expect(page).to_have_url(re.compile(rf"/moderation/cas/{second}$"))
    expect(page.locator(".history")).to_contain_text("Fusion d'un autre dossier")
    expect(page.locator(".history")).to_contain_text(f"même numéro que le dossier {first}")
    expect(page.locator("h1")).to_contain_text(f"lips.{tag}")
    expect(page.locator(".proposal")).to_have_count(0)
    _fits(page, PHONE_WIDTH)
    shoot(page, "merge-proposal-merged")
    axe_check(page)

    page.goto(f"/moderation/cas/{first}")
    expect(page.locator("#case-status")).to_contain_text("Clos — Doublon")
