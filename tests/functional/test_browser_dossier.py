"""The dossier flow in a real headless Chromium, with a real TSA (OpenSSL ``ts`` on loopback): a
report filed with two images, a moderator downloading the Ordre dossier as PDF and
as ZIP from the case page. The PDF shows both images as annexes (``pdfimages -list``), the ZIP's
manifest verifies (``sha256sum -c``) and each token verifies with ``openssl ts -verify`` against
the test TSA's CA."""

from __future__ import annotations

import io
import json
import re
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from browser import LiveServer, axe_check, shoot
from PIL import Image
from playwright.sync_api import Page, expect

from report_helpers import PASSWORD
from reports.tsa_server import TestTsa, running_tsa
from vigie.accounts.services import create_user
from vigie.db.engine import transaction

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def tsa_on_live_server(live_server: LiveServer, tmp_path: Path) -> Iterator[TestTsa]:
    """The live server's settings pointed at a test TSA for this test only."""
    settings = live_server.settings
    saved = (settings.tsa_url, settings.tsa_ca_file, settings.sender_email)
    with running_tsa(tmp_path / "tsa") as tsa:
        settings.tsa_url, settings.tsa_ca_file = tsa.url, tsa.ca_file
        settings.sender_email = "signalements@vigie.example"
        try:
            yield tsa
        finally:
            settings.tsa_url, settings.tsa_ca_file, settings.sender_email = saved


def _screenshot(path: Path, color: tuple[int, int, int]) -> Path:
    image = Image.new("RGB", (640, 960), color)
    out = io.BytesIO()
    image.save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def _download(page: Page, row: str, link: str, target: Path) -> Path:
    with page.expect_download() as info:
        page.locator("#dossier-title ~ ul li", has_text=row).get_by_role("link", name=link).click()
    info.value.save_as(target)
    return target


def test_a_moderator_exports_the_ordre_dossier_with_both_images(
    page: Page, live_server: LiveServer, tsa_on_live_server: TestTsa, tmp_path: Path
) -> None:
    handle = f"dossier.flow.{uuid.uuid4().hex[:6]}"
    images = [_screenshot(tmp_path / "story.png", (200, 30, 90)),
              _screenshot(tmp_path / "conversation.png", (30, 90, 200))]  # fmt: skip
    # Filed through the API (the form's own uploads are test_browser_reports' flow): the same
    # intake, so the evidence is stored and timestamped exactly as from the form.
    form = {"platform": "instagram", "account": "@" + handle, "acts": "ha_filler",
            "description": "Injections de lèvres à domicile 💉."}  # fmt: skip
    files = [("evidence", (p.name, p.read_bytes(), "image/png")) for p in images]
    filed = httpx.post(f"{live_server.url}/api/v1/reports", data=form, files=files, timeout=30)
    assert filed.status_code == 201, filed.text

    email = f"mod-{uuid.uuid4().hex[:8]}@example.test"
    with transaction(live_server.session_factory) as session:
        create_user(session, email, PASSWORD, "moderator")
    page.goto("/moderation")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("row", name=re.compile(re.escape(handle))).get_by_role("link").click()
    expect(page.locator(".evidence li")).to_have_count(2)
    expect(page.locator(".evidence")).to_contain_text("horodaté (RFC 3161)")
    shoot(page, "moderation-case-dossier")
    axe_check(page)

    pdf = _download(page, "Ordre des médecins", "PDF", tmp_path / "ordre.pdf")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout  # fmt: skip
    assert sum(" 640   960 " in line for line in listing.splitlines()) == 2
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Annexe 1" in text
    assert "Annexe 2" in text
    assert "story.png" in text
    assert "conversation.png" in text

    archive = _download(page, "Ordre des médecins", "ZIP avec les pièces", tmp_path / "ordre.zip")
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(unpacked)
    checked = subprocess.run(["sha256sum", "--strict", "-c", "MANIFEST.sha256"], cwd=unpacked,
                             capture_output=True, text=True)  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    dossier = json.loads(next(unpacked.glob("*.json")).read_text(encoding="utf-8"))
    assert [e["annex_file"] for e in dossier["evidence"]] == ["annexe-01.png", "annexe-02.png"]
    for item in dossier["evidence"]:
        token = unpacked / "horodatages" / f"annexe-{item['annex']:02d}.tsr"
        verified = subprocess.run(
            ["openssl", "ts", "-verify", "-data", str(unpacked / "annexes" / item["annex_file"]),
             "-in", str(token), "-token_in", "-CAfile", str(tsa_on_live_server.ca_file)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert "Verification: OK" in verified.stdout, verified.stderr
