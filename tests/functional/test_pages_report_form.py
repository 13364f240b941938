"""The report form over HTTP, on both databases: prefilled from an account lookup, the platform
asked only for a bare name, every problem at once beside its field, files kept across a refused
form (and only for the browser that sent them), hostile uploads named beside the evidence field
with nothing else lost, and the plain choices landing in the report's fields."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from report_helpers import Actor, app_client, bearer, factory_of, pdf_bytes, png_bytes
from vigie.config import Settings
from vigie.reports.models import Evidence, Report
from vigie.web.i18n import catalogue
from vigie.web.paths import TEMPLATES_DIR

FileSpec = tuple[str, bytes, str]


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _post(
    client: TestClient, data: dict[str, object], files: list[FileSpec] | None = None
) -> httpx.Response:
    form = {"csrf_token": _token(client.get("/signaler").text), **data}
    empty = ("", b"", "application/octet-stream")  # what a browser sends for no file chosen
    parts = [("evidence", spec) for spec in files or [empty]]
    return client.post("/signaler", data=form, files=parts, follow_redirects=False)


def _kept_tokens(page: str) -> list[str]:
    return re.findall(r'name="evidence_kept" value="([^"]+)"', page)


def _error(page: str, field: str) -> str:
    found = re.search(rf'<div class="field-error" id="{field}-error">(.*?)</div>', page, re.S)
    return found.group(1) if found else ""


def _reports(client: TestClient) -> list[Report]:
    with factory_of(client)() as session:
        return list(session.scalars(select(Report).order_by(Report.id)))


def test_prefilled_from_an_account_lookup(client: TestClient) -> None:
    bare = client.get("/signaler", params={"compte": "@injections.paris"}).text
    assert 'value="@injections.paris"' in bare
    assert re.search(r'id="platform-field"(?![^>]*hidden)', bare)  # a bare name: asked
    link = client.get("/signaler", params={"compte": "https://www.instagram.com/injections.paris/"})
    assert re.search(r'id="platform-field"[^>]*hidden', link.text)  # the link says Instagram
    assert "Instagram · injections.paris" in link.text
    phone = client.get("/signaler", params={"compte": "06 12 34 56 78"}).text
    assert re.search(r'id="platform-field"[^>]*hidden', phone)
    known = client.get("/signaler", params={"compte": "@x.y", "plateforme": "tiktok"}).text
    assert '<option value="tiktok" selected>' in known
    assert client.get("/signaler", params={"compte": "a" * 301}).status_code == 422


def test_every_problem_at_once_beside_its_field_and_the_file_kept(client: TestClient) -> None:
    image = png_bytes(64, 48)
    answer = _post(
        client,
        {
            "account": "@injections.paris",
            "department": "999",
            "links": "ftp://nope",
            "contact_email": "",
            "notify": "1",
            "description": "Injections chez elle",
            "happened": ["injections", "complication"],
        },
        [("capture.png", image, "image/png")],
    )
    page = answer.text
    assert answer.status_code == 422
    assert "Choisissez la plateforme" in _error(page, "platform")
    assert "Département invalide" in _error(page, "department")
    assert "https://" in _error(page, "links")
    assert "adresse e-mail" in _error(page, "contact_email")
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert summary.count("<li>") == 4
    assert summary.index('href="#platform"') < summary.index('href="#contact_email"')
    assert re.search(
        r'<select id="platform"[^>]*aria-describedby="platform-hint platform-error"', page
    )
    assert re.search(r'<select id="platform"[^>]*autofocus', page)
    assert page.count("autofocus") == 1
    assert "capture.png" in page
    assert "déjà joint" in page
    assert ">Injections chez elle</textarea>" in page
    assert 'value="injections" data-reveals="acts-more" checked' in page
    assert re.search(r'<details class="more-details" open>', page)
    assert _reports(client) == []

    fixed = _post(
        client,
        {
            "account": "@injections.paris",
            "platform": "instagram",
            "description": "Injections chez elle",
            "happened": ["injections", "complication"],
            "evidence_kept": _kept_tokens(page),
        },
    )
    assert fixed.status_code == 303
    assert fixed.headers["location"].startswith("/suivi/")
    (report,) = _reports(client)
    assert (report.acts, report.harmed) == (["other"], True)
    with factory_of(client)() as session:
        (evidence,) = session.scalars(select(Evidence).where(Evidence.report_id == report.id))
        assert (evidence.original_name, evidence.size_bytes) == ("capture.png", len(image))


def test_kept_file_and_a_new_one_file_together_once_each(client: TestClient) -> None:
    first = _post(client, {"account": "@twice.kept"}, [("a.png", png_bytes(10, 10), "image/png")])
    tokens = _kept_tokens(first.text)
    assert len(tokens) == 1
    again = _post(
        client,
        {"account": "@twice.kept", "platform": "tiktok", "evidence_kept": tokens * 2},
        [("a.png", png_bytes(10, 10), "image/png"), ("b.pdf", pdf_bytes(), "application/pdf")],
    )
    assert again.status_code == 303
    with factory_of(client)() as session:
        names = sorted(session.scalars(select(Evidence.original_name)))
    assert names == ["a.png", "b.pdf"]


def test_a_kept_file_token_is_worthless_elsewhere(client: TestClient, settings: Settings) -> None:
    first = _post(client, {"account": "@token.thief"}, [("a.png", png_bytes(), "image/png")])
    (token,) = _kept_tokens(first.text)
    with app_client(settings) as other:  # another browser: another CSRF cookie
        stolen = _post(
            other, {"account": "@token.thief", "platform": "x", "evidence_kept": [token]}
        )
    assert stolen.status_code == 422
    assert "joignez-le de nouveau" in _error(stolen.text, "evidence")
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    answer = _post(client, {"account": "@token.thief", "platform": "x", "evidence_kept": [forged]})
    assert "joignez-le de nouveau" in _error(answer.text, "evidence")
    assert _reports(client) == []


@pytest.fixture
def small_client(settings: Settings) -> Iterator[TestClient]:
    """Files of at most 20 kB, so an oversize one is cheap to send."""
    with app_client(settings.model_copy(update={"max_upload_bytes": 20_000})) as small:
        yield small


def test_hostile_uploads_are_named_beside_the_evidence_field(small_client: TestClient) -> None:
    files: list[FileSpec] = [(f"f{i}.png", png_bytes(8 + i, 8), "image/png") for i in range(18)]
    files += [("vide.png", b"", "image/png"), ("page.png", b"<html>", "image/png")]
    files += [("gros.png", png_bytes().ljust(30_000, b"\0"), "image/png")]
    answer = _post(
        small_client,
        {"account": "https://www.tiktok.com/@many.files", "description": "gardé", "price": "90 €"},
        files,
    )
    page = answer.text
    assert answer.status_code == 422
    evidence = _error(page, "evidence")
    assert "Trop de fichiers : au plus 10 par signalement" in evidence
    assert "« vide.png » : Fichier vide." not in evidence  # past the tenth: never read
    assert ">gardé</textarea>" in page
    assert 'value="90 €"' in page
    assert 'value="https://www.tiktok.com/@many.files"' in page
    assert len(_kept_tokens(page)) == 10
    assert [e for e in ("account", "platform", "description", "price") if _error(page, e)] == []

    few = [("vide.png", b"", "image/png"), ("page.png", b"<html>", "image/png")]
    few += [("gros.png", png_bytes().ljust(30_000, b"\0"), "image/png")]
    few += [("ok.png", png_bytes(), "image/png")]
    answer = _post(small_client, {"account": "@few.files", "platform": "instagram"}, few)
    evidence = _error(answer.text, "evidence")
    assert "« vide.png » : Fichier vide." in evidence
    assert "« page.png » : Type de fichier refusé" in evidence
    assert "« gros.png » : Fichier trop volumineux" in evidence
    assert len(_kept_tokens(answer.text)) == 1  # ok.png only


def test_the_api_still_refuses_the_whole_request(client: TestClient) -> None:
    files = [("evidence", (f"f{i}.png", png_bytes(), "image/png")) for i in range(11)]
    answer = client.post("/api/v1/reports", data={"platform": "x", "account": "@a.b"}, files=files)
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "upload_rejected"


def test_plain_choices_land_in_the_report_fields(client: TestClient, moderator: Actor) -> None:
    answer = _post(
        client,
        {
            "account": "https://www.instagram.com/dr.fake/",
            "happened": ["titre", "vente", "injections"],
            "title_shown": "Dr Sophie Martin, médecin esthétique",
            "acts": "botulinum_toxin",
            "description": "Vu en story.",
        },
    )
    assert answer.status_code == 303
    (report,) = _reports(client)
    assert report.acts == ["botulinum_toxin"]
    assert report.harmed is False
    assert "« Dr Sophie Martin, médecin esthétique »" in report.description
    assert "vend des produits ou des formations" in report.description
    assert report.description.endswith("Vu en story.")
    case = client.get(f"/api/v1/cases/{report.case_id}", headers=bearer(moderator)).json()
    assert "Dr Sophie Martin" in case["reports"][0]["description"]


def test_every_form_string_has_an_english_translation() -> None:
    text = (TEMPLATES_DIR / "report_form.html").read_text()
    strings = {m.group(2) for m in re.finditer(r"""_\((["'])(.*?)\1\)""", text)}
    from vigie.web.pages.report_choices import HAPPENED_LABELS
    from vigie.web.pages.report_form import FORM_ACTS

    strings |= set(HAPPENED_LABELS.values()) | set(FORM_ACTS.values())
    assert sorted(strings - set(catalogue("en"))) == []


def test_the_english_form_says_its_problems_in_english(client: TestClient) -> None:
    form = {"csrf_token": _token(client.get("/signaler").text), "account": "@bare.name"}
    form |= {"department": "999", "notify": "1"}
    answer = client.post(
        "/signaler?lang=en", data=form, files=[("evidence", ("e.png", b"", "image/png"))]
    )
    assert answer.status_code == 422
    assert "Choose the platform" in _error(answer.text, "platform")
    assert '"e.png": Empty file.' in _error(answer.text, "evidence").replace("&#34;", '"')
    assert "Invalid department" in _error(answer.text, "department")
    assert "Give your e-mail address" in _error(answer.text, "contact_email")
