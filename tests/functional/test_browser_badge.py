"""Browser flow of the physician's verification badge in headless Chromium over the live server: a
physician whose RPPS and Instagram account a moderator confirmed finds the badge section on her
account page (phone width, axe-clean), downloads the poster, the badge renders as an image, and
the short link opens her practitioner page with the registry date and her confirmed account."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path

import pytest
from browser import SCREENSHOT_DIR, LiveServer, axe_check, shoot
from playwright.sync_api import Page, expect
from sqlalchemy import select
from test_browser_reports import fits_360

from demo_registry import GP_RPPS
from report_helpers import PASSWORD
from vigie.accounts.models import LinkedHandle, User
from vigie.accounts.services import create_user
from vigie.db.engine import transaction

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE = {"width": 390, "height": 844}


def _confirmed_physician(live_server: LiveServer, handle: str) -> str:
    """A physician (the demo GP) whose RPPS and one Instagram account moderators confirmed."""
    email = f"gp-{uuid.uuid4().hex[:6]}@example.test"
    now = dt.datetime.now(dt.UTC)
    with transaction(live_server.session_factory) as session:
        create_user(session, email, PASSWORD, "physician")
        user = session.scalars(select(User).where(User.email == email)).one()
        user.rpps, user.rpps_status, user.rpps_confirmed_at = GP_RPPS, "confirmed", now
        session.add(
            LinkedHandle(
                user_id=user.id,
                platform="instagram",
                handle=handle,
                created_at=now,
                status="confirmed",
                code="VIGIE-B4D9E1",
                decided_at=now,
            )
        )
    return email


def test_a_confirmed_physician_gets_her_badge_poster_and_short_link(
    page: Page, live_server: LiveServer, tmp_path: Path
) -> None:
    handle = f"dr.dupont.{uuid.uuid4().hex[:6]}"
    email = _confirmed_physician(live_server, handle)
    page.goto("/compte")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    section = page.locator("#badge")
    expect(section.get_by_role("heading")).to_have_text("Mon badge de médecin vérifié")
    short = page.get_by_label("Lien court à mettre dans votre bio (à copier)")
    host = live_server.url.split("://", 1)[1]
    expect(short).to_have_value(f"{host}/m/{GP_RPPS}")
    page.set_viewport_size(PHONE)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SCREENSHOT_DIR / "account-badge-section-390.png"))
    shoot(page, "account-badge")
    fits_360(page)
    axe_check(page)

    with page.expect_download() as poster:
        page.get_by_role("link", name=re.compile("Télécharger l'affiche")).click()
    saved = tmp_path / poster.value.suggested_filename
    poster.value.save_as(saved)
    assert saved.name == f"vigie-affiche-{GP_RPPS}.pdf"
    assert saved.read_bytes().startswith(b"%PDF-")

    size = page.evaluate(
        """src => new Promise((ok, ko) => {
             const img = new Image(); img.onload = () => ok([img.naturalWidth, img.naturalHeight]);
             img.onerror = () => ko(new Error('badge did not load')); img.src = src; })""",
        f"/badge/{GP_RPPS}.svg",
    )
    assert size[0] >= 300
    assert size[1] == 112
    page.goto(f"/badge/{GP_RPPS}.svg")
    page.screenshot(path=str(SCREENSHOT_DIR / "badge-svg.png"))

    page.goto(f"/m/{GP_RPPS}")
    expect(page).to_have_url(re.compile(f"/praticien/{GP_RPPS}$"))
    expect(page.locator(".confirmed-accounts")).to_contain_text(handle)
    expect(page.locator("main")).to_contain_text("Source : RPPS, extraction du")
    expect(page.locator("main")).to_contain_text("Page consultée le")
    shoot(page, "practitioner-from-badge")
    fits_360(page)
    axe_check(page)
