"""The physician's verification badge through the HTTP edge, on both databases: a physician whose
RPPS a moderator confirmed downloads the A4 poster (read back with poppler: name, number, short
link, one QR image carrying the practitioner page's URL) and the SVG; the short link and the
public SVG answer for them only; anyone else gets a clear refusal or a 404."""

from __future__ import annotations

import html as html_escapes
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from browser import SCREENSHOT_DIR
from fastapi.testclient import TestClient

from qr_matrix import matrix_of, modules_of
from registry.factories import Person, insert_snapshot
from report_helpers import Actor, app_client, bearer, factory_of, make_actor, sign_in
from vigie.accounts.badge import NOT_CONFIRMED
from vigie.config import Settings
from vigie.web.badge.qr import qr_code

BASE = "http://testserver"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _user_id(client: TestClient, email: str) -> int:
    users = client.get("/api/v1/users", headers=bearer(make_actor(factory_of(client), "admin")))
    return int(next(u["user_id"] for u in users.json()["users"] if u["email"] == email))


def _claim_rpps(client: TestClient, settings: Settings, email: str) -> tuple[Actor, str]:
    factory = factory_of(client)
    (rpps,) = insert_snapshot(
        factory, [Person("SYNTHBADGE", "Hélène")], settings.index_dir
    ).identifiers
    doctor = make_actor(factory, "reporter", email)
    claimed = client.post("/api/v1/me/identity", json={"rpps": rpps}, headers=bearer(doctor))
    assert claimed.is_success, claimed.text
    return doctor, rpps


@pytest.fixture
def physician(client: TestClient, settings: Settings, moderator: Actor) -> tuple[Actor, str]:
    """A physician whose RPPS and Instagram account a moderator confirmed, signed in on ``client``."""
    doctor, rpps = _claim_rpps(client, settings, "helene@example.test")
    user_id = _user_id(client, doctor.email)
    decided = client.post(
        f"/api/v1/users/{user_id}/identity", json={"accept": True}, headers=bearer(moderator)
    )
    assert decided.json()["status"] == "confirmed"
    claim = client.post(
        "/api/v1/me/handles",
        json={"account": "@dr.helene.badge", "platform": "instagram"},
        headers=bearer(doctor),
    ).json()
    answer = client.post(
        f"/api/v1/handles/{claim['id']}/decision", json={"accept": True}, headers=bearer(moderator)
    )
    assert answer.json()["status"] == "confirmed", answer.text
    sign_in(client, doctor.email)
    return doctor, rpps


def _poppler(tool: str, *args: str) -> str:
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=True, timeout=60)
    return done.stdout


def test_the_account_page_offers_the_badge_once_the_rpps_is_confirmed(
    client: TestClient, physician: tuple[Actor, str]
) -> None:
    _doctor, rpps = physician
    page = html_escapes.unescape(client.get("/compte").text)
    assert "Mon badge de médecin vérifié" in page
    assert f'value="testserver/m/{rpps}"' in page
    assert 'href="/compte/badge/affiche.pdf"' in page
    assert 'href="/compte/badge/badge.svg"' in page
    assert f'<img src="{BASE}/badge/{rpps}.svg"' in page


def test_the_poster_is_one_a4_page_with_the_name_the_link_and_the_qr_code(
    client: TestClient, physician: tuple[Actor, str], tmp_path: Path
) -> None:
    _doctor, rpps = physician
    answer = client.get("/compte/badge/affiche.pdf")
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"] == "application/pdf"
    assert f'filename="vigie-affiche-{rpps}.pdf"' in answer.headers["content-disposition"]
    assert answer.headers["cache-control"] == "no-store"
    pdf = tmp_path / "affiche.pdf"
    pdf.write_bytes(answer.content)

    info = _poppler("pdfinfo", str(pdf))
    assert "Pages:           1" in info
    assert "595.276 x 841.89 pts (A4)" in info
    text = " ".join(_poppler("pdftotext", "-layout", str(pdf), "-").split())
    for part in (
        "Dr Hélène SYNTHBADGE",
        f"numéro RPPS {rpps}",
        f"ou tapez testserver/m/{rpps}",
        "Instagram : @dr.helene.badge",
        "Affiche éditée le",
        "données du registre RPPS extraites le",
    ):
        assert part in text, part

    images = _poppler("pdfimages", "-list", str(pdf)).splitlines()[2:]
    assert len(images) == 1, images  # the QR code, and nothing else fetched
    columns = images[0].split()
    width_px, x_ppi = int(columns[3]), int(columns[12])
    assert width_px / x_ppi * 25.4 >= 60, "the QR code is printed at least 6 cm wide"
    _poppler("pdfimages", "-png", str(pdf), str(tmp_path / "img"))
    (picture,) = sorted(tmp_path.glob("img-*.png"))
    expected = qr_code(f"{BASE}/praticien/{rpps}")
    assert modules_of(picture.read_bytes(), expected) == matrix_of(expected)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)  # for people to look at, not asserted
    _poppler(
        "pdftoppm", "-png", "-r", "50", "-singlefile", str(pdf), str(SCREENSHOT_DIR / "poster")
    )


def test_the_svg_download_and_the_public_svg_name_the_physician(
    client: TestClient, physician: tuple[Actor, str]
) -> None:
    _doctor, rpps = physician
    own = client.get("/compte/badge/badge.svg")
    assert own.status_code == 200
    assert own.headers["content-type"] == "image/svg+xml"
    assert "attachment" in own.headers["content-disposition"]
    public = client.get(f"/badge/{rpps}.svg")
    assert public.status_code == 200
    assert public.headers["cross-origin-resource-policy"] == "cross-origin"
    assert public.headers["content-security-policy"] == "default-src 'none'"
    assert public.content == own.content
    root = ET.fromstring(public.text)  # noqa: S314 - Vigie's own answer, parsed to prove it is XML
    title = root.find(f"{SVG_NS}title")
    assert title is not None
    assert (title.text or "").startswith(f"Dr Hélène SYNTHBADGE, médecin, RPPS {rpps}")
    texts = [t.text for t in root.iter(f"{SVG_NS}text")]
    assert f"Vérifier sur Vigie : testserver/m/{rpps}" in texts


def test_the_short_link_leads_to_the_page_with_the_registry_date_and_the_accounts(
    client: TestClient, physician: tuple[Actor, str]
) -> None:
    _doctor, rpps = physician
    short = client.get(f"/m/{rpps}", follow_redirects=False)
    assert short.status_code == 303
    assert short.headers["location"] == f"/praticien/{rpps}"
    page = html_escapes.unescape(client.get(short.headers["location"]).text)
    assert "Source : RPPS, extraction du" in page
    assert "Instagram : dr.helene.badge" in page
    assert "Page consultée le" in page


def test_without_a_confirmed_rpps_the_downloads_are_refused_in_plain_french(
    client: TestClient, settings: Settings
) -> None:
    doctor, rpps = _claim_rpps(client, settings, "pending@example.test")  # claimed, not confirmed
    sign_in(client, doctor.email)
    assert "Mon badge de médecin vérifié" not in client.get("/compte").text
    for path in ("/compte/badge/affiche.pdf", "/compte/badge/badge.svg"):
        answer = client.get(path, headers={"accept": "text/html"})
        assert answer.status_code == 403, path
        assert answer.headers["content-type"].startswith("text/html")
        assert NOT_CONFIRMED in html_escapes.unescape(answer.text)
    # nor does anything public answer for a number that is only claimed
    assert client.get(f"/m/{rpps}", follow_redirects=False).status_code == 404
    assert client.get(f"/badge/{rpps}.svg").status_code == 404


def test_signed_out_the_downloads_send_to_sign_in(client: TestClient) -> None:
    answer = client.get("/compte/badge/affiche.pdf", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/connexion?next=")


@pytest.mark.parametrize(
    "number",
    ["10000000017", "10000000001", "123", "1" * 300, "%3Cscript%3E", "690000013"],
)
def test_no_badge_answers_for_a_number_nobody_confirmed(client: TestClient, number: str) -> None:
    short = client.get(f"/m/{number}", follow_redirects=False, headers={"accept": "text/html"})
    assert short.status_code == 404
    assert "Aucun badge Vigie pour ce numéro." in html_escapes.unescape(short.text)
    as_img = {"accept": "image/avif,image/webp,image/svg+xml,*/*;q=0.8"}  # what <img> asks
    public = client.get(f"/badge/{number}.svg", headers=as_img)
    assert public.status_code == 404
    assert public.json()["error"]["code"] == "not_found"


def test_the_public_url_setting_is_what_badges_print_whatever_the_host_header(
    client: TestClient, physician: tuple[Actor, str], settings: Settings
) -> None:
    _doctor, rpps = physician
    forged = {"host": "evil.example"}
    assert "evil.example/m/" in client.get(f"/badge/{rpps}.svg", headers=forged).text
    pinned = settings.model_copy(update={"public_url": "https://vigie.example"})
    with app_client(pinned) as other:
        svg = other.get(f"/badge/{rpps}.svg", headers=forged).text
        assert f"Vérifier sur Vigie : vigie.example/m/{rpps}" in svg
        assert "evil" not in svg
        sign_in(other, "helene@example.test")
        page = html_escapes.unescape(other.get("/compte").text)
        assert f'value="vigie.example/m/{rpps}"' in page
        assert '<img src="https://vigie.example/badge/' in page
