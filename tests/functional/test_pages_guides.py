"""Guide pages over HTTP: the review date, the emergency link, and where to report by département
(the ARS of its région), in HTML and in the JSON twin; junk in the query is said back, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_a_sheet_says_when_it_was_reviewed_in_both_languages(site_client: TestClient) -> None:
    french = site_client.get("/guides/acide-hyaluronique").text
    assert 'Fiche relue le <time datetime="2026-12-01">1er décembre 2026</time>' in french
    english = site_client.get("/guides/acide-hyaluronique", headers={"accept-language": "en"}).text
    assert 'Sheet reviewed on <time datetime="2026-12-01">1 December 2026</time>' in english
    assert site_client.get("/guides/acide-hyaluronique.json").json()["reviewed"] == "2026-12-01"
    assert site_client.get("/guides.json").json()["guides"][0]["reviewed"] == "2026-12-01"


def test_the_filler_sheet_links_from_its_top_to_the_emergency_signs(
    site_client: TestClient,
) -> None:
    html = site_client.get("/guides/acide-hyaluronique").text
    link = html.index('<a href="#les-risques">')
    assert link < html.index('<h2 id="qui-peut-injecter">')
    risks = html.split('<h2 id="les-risques">Les risques</h2>', 1)[1].lstrip()
    assert risks.startswith('<div class="notice notice--warning urgence">')
    assert "Seul un médecin peut dissoudre" in risks.split("</div>", 1)[0]


@pytest.mark.parametrize(
    ("departement", "agency", "url"),
    [
        ("33", "ARS Nouvelle-Aquitaine", "https://www.nouvelle-aquitaine.ars.sante.fr/"),
        ("2a", "ARS Corse", "https://www.corse.ars.sante.fr/"),
        ("971", "ARS Guadeloupe", "https://www.guadeloupe.ars.sante.fr/"),
        (" 75 ", "ARS Île-de-France", "https://www.iledefrance.ars.sante.fr/"),
    ],
)
def test_a_departement_gives_the_ars_of_its_region(
    site_client: TestClient, departement: str, agency: str, url: str
) -> None:
    page = site_client.get("/guides/apres-complication", params={"departement": departement})
    assert page.status_code == 200
    assert f'href="{url}">{agency}</a>' in page.text
    twin = site_client.get("/guides/apres-complication.json", params={"departement": departement})
    reporting = twin.json()["reporting"]
    assert reporting["agency"]["name"] == agency
    assert reporting["agency"]["url"] == url
    assert reporting["department"] == departement.strip().upper()
    assert reporting["national_portal"] == "https://signalement.social-sante.gouv.fr/"


def test_the_departement_list_is_the_official_one_with_the_choice_kept(
    site_client: TestClient,
) -> None:
    html = site_client.get("/guides/apres-complication", params={"departement": "2B"}).text
    assert html.count("<option value=") == 1 + 101  # the prompt, then the départements
    assert '<option value="2B" selected>2B — Haute-Corse</option>' in html
    assert html.index('value="19"') < html.index('value="2A"') < html.index('value="21"')


def test_an_overseas_collectivity_without_an_ars_is_said_so(site_client: TestClient) -> None:
    html = site_client.get("/guides/apres-complication", params={"departement": "987"}).text
    assert "ne connaît pas d&#39;agence régionale de santé pour ce territoire" in html
    assert "Polynésie française" in html
    twin = site_client.get("/guides/apres-complication.json", params={"departement": "987"})
    assert twin.json()["reporting"]["agency"] is None


@pytest.mark.parametrize("junk", ["<script>alert(1)</script>", "99", "x" * 5000, "%FF", "1\x00"])
def test_an_unknown_departement_is_said_back_escaped(site_client: TestClient, junk: str) -> None:
    page = site_client.get("/guides/apres-complication", params={"departement": junk})
    assert page.status_code == 200
    assert "Ce département est inconnu" in page.text
    assert "<script>alert" not in page.text
    twin = site_client.get("/guides/apres-complication.json", params={"departement": junk})
    assert twin.status_code == 200
    assert twin.json()["reporting"]["agency"] is None


def test_sheets_without_the_reporting_box_have_none(site_client: TestClient) -> None:
    html = site_client.get("/guides/choisir-praticien", params={"departement": "33"}).text
    assert 'id="ou-signaler"' not in html
    assert "reporting" not in site_client.get("/guides/choisir-praticien.json").json()
