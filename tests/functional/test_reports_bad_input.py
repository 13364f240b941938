"""Hostile reports over HTTP (SQLite only: these pin the web edge, not the database)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from report_helpers import Actor, bearer, file_report, png_bytes

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _evidence(client: TestClient, name: str, body: bytes, kind: str) -> int:
    return file_report(client, files=[(name, body, kind)]).status_code


def test_fifty_megabyte_upload_is_refused_while_streaming(client: TestClient) -> None:
    class Endless(io.RawIOBase):
        """50 MB produced on demand: the test never holds the file either."""

        sent = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            if self.sent >= 50 * 1024 * 1024:
                return 0
            size = min(len(buffer), 50 * 1024 * 1024 - self.sent)
            buffer[:size] = b"\x89PNG\r\n\x1a\n".ljust(size, b"\0")[:size]
            self.sent += size
            return size

    stream = Endless()
    answer = client.post(
        "/api/v1/reports",
        data={"platform": "instagram", "account": "@big.file"},
        files=[("evidence", ("big.png", io.BufferedReader(stream), "image/png"))],
    )
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "upload_rejected"


def test_declared_length_over_the_cap_is_refused_before_reading(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/reports",
        content=b"x" * 10,
        headers={"content-type": "multipart/form-data; boundary=b", "content-length": str(10**10)},
    )
    assert answer.status_code == 413


def test_png_renamed_pdf_is_stored_as_png(client: TestClient, moderator: Actor) -> None:
    filed = file_report(client, files=[("scan.pdf", png_bytes(), "application/pdf")]).json()
    case = client.get(f"/api/v1/cases/{filed['case_id']}", headers=bearer(moderator)).json()
    assert case["reports"][0]["evidence"][0]["media_type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "body", "kind"),
    [
        ("page.png", b"<!doctype html><html><script>alert(1)</script></html>", "image/png"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
        ),
        ("bomb.zip", None, "application/zip"),
        ("text.jpg", b"just some text", "image/jpeg"),
    ],
)
def test_refused_types(client: TestClient, name: str, body: bytes | None, kind: str) -> None:
    if body is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("zeros.bin", b"\0" * 20_000_000)
        body = buffer.getvalue()
    assert _evidence(client, name, body, kind) == 415


def test_decompression_bomb_image_is_refused(client: TestClient) -> None:
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, format="PNG")  # 144 Mpx, a few kB compressed
    assert len(out.getvalue()) < 200_000
    assert _evidence(client, "bomb.png", out.getvalue(), "image/png") == 413


def test_truncated_image_is_refused(client: TestClient) -> None:
    assert _evidence(client, "cut.png", png_bytes(400, 400)[:300], "image/png") == 415


def test_preview_drops_metadata(client: TestClient, moderator: Actor) -> None:
    photo = png_bytes(exif=True)
    assert b"SyntheticPhoneMaker" in photo
    filed = file_report(client, files=[("photo.jpg", photo, "image/jpeg")]).json()
    evidence_id = client.get(f"/api/v1/cases/{filed['case_id']}", headers=bearer(moderator)).json()[
        "reports"
    ][0]["evidence"][0]["evidence_id"]
    preview = client.get(f"/api/v1/evidence/{evidence_id}?preview=true", headers=bearer(moderator))
    assert preview.headers["content-type"] == "image/jpeg"
    assert b"SyntheticPhoneMaker" not in preview.content
    original = client.get(f"/api/v1/evidence/{evidence_id}", headers=bearer(moderator))
    assert original.content == photo
    assert original.headers["content-disposition"].startswith("attachment")


def test_too_many_files(client: TestClient) -> None:
    files = [(f"f{i}.png", png_bytes(), "image/png") for i in range(11)]
    assert file_report(client, files=files).status_code == 413


@pytest.mark.parametrize("length", [2_000, 301])
def test_long_handles_are_refused(client: TestClient, length: int) -> None:
    answer = file_report(client, account="a" * length)
    assert answer.status_code == 422
    assert answer.json()["error"]["details"]["field"] == "account"


def test_script_in_every_text_field_is_escaped(client: TestClient, moderator: Actor) -> None:
    fields = {
        "description": SCRIPT,
        "post_texts": [SCRIPT],
        "products": SCRIPT,
        "price": SCRIPT[:100],
        "place": SCRIPT,
        "offered_on": SCRIPT[:40],
        "links": ["https://example.test/" + SCRIPT],
    }
    filed = file_report(
        client, files=[(SCRIPT + ".png", png_bytes(), "image/png")], **fields
    ).json()
    _page_login(client, moderator.email)
    page = client.get(f"/moderation/cas/{filed['case_id']}").text
    assert "<script>alert" not in page
    assert "onerror=alert(1)>" not in page
    assert "&lt;script&gt;" in page
    track = client.get(f"/suivi/{filed['tracking_code']}").text
    assert "<script>alert" not in track


def test_report_form_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/signaler")
    answer = client.post(
        "/signaler",
        data={"platform": "instagram", "account": "@no.token"},
        files=[("evidence", ("", b"", "application/octet-stream"))],
        headers={"accept": "text/html"},
    )
    assert answer.status_code == 403
    assert client.get("/api/v1/stats").json()["totals"]["reports"] == 0


def test_report_form_page_files_a_report_and_shows_harm_advice(client: TestClient) -> None:
    form = client.get("/signaler").text
    assert re.search(r'<label for="account">', form)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    answer = client.post(
        "/signaler",
        data={
            "csrf_token": token.group(1),
            "platform": "",
            "account": "https://www.instagram.com/fake.botox/",
            "acts": "botulinum_toxin",
            "harmed": "1",
        },
        files=[("evidence", ("capture.png", png_bytes(), "image/png"))],
        follow_redirects=True,
    )
    assert answer.status_code == 200
    assert "/suivi/" in answer.text
    assert "15" in answer.text
    assert "signalement.social-sante.gouv.fr" in answer.text


def test_bad_form_is_shown_again_with_the_error(client: TestClient) -> None:
    form = client.get("/signaler").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    answer = client.post(
        "/signaler",
        data={
            "csrf_token": token.group(1),
            "platform": "instagram",
            "account": "x" * 2000,
            "description": SCRIPT,
        },
        files=[("evidence", ("", b"", "application/octet-stream"))],
    )
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text
    assert "<script>alert" not in answer.text


def _page_login(client: TestClient, email: str) -> None:
    from report_helpers import PASSWORD

    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/connexion").text)
    assert token is not None
    answer = client.post(
        "/connexion",
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
