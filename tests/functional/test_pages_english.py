"""The patient pages in English (TestClient, SQLite and PostgreSQL): no French word left outside
proper names and registry values, dates written out, and every page's own description and
Open Graph preview in the page's language, on ``VIGIE_PUBLIC_URL``. The scan page (``/analyser``)
too: its answer in English around the post's own (French) words.

The French-word check is a dictionary check (``english_check``): the visible text, the spoken
attributes and the preview tags, minus the names, streets, towns and site names the page's own
JSON twin carries (proper names, which have no English form).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from demo_registry import ADELI_NUMBER, BELLAMY_RPPS, GP_RPPS, INTERN_RPPS, NURSE_RPPS
from english_check import french_words, proper_names, visible_text
from report_helpers import csrf_token_of
from vigie.web.app import create_app

EN = {"accept-language": "en"}
EXAMPLE_PLACES = {"Gironde", "Rhône"}  # the directory form's examples: place names


def _english_page(client: TestClient, url: str, twin: str | None = None) -> str:
    response = client.get(url, headers=EN)
    assert response.status_code == 200, response.text[:300]
    assert '<html lang="en">' in response.text
    asked = parse_qs(urlsplit(url).query).get("q", [""])[0]
    allowed = {*EXAMPLE_PLACES, asked, asked.lstrip("@")}  # what was typed is said back as typed
    if twin:
        allowed |= proper_names(client.get(twin, headers={"accept": "application/json"}).json())
    left = french_words(visible_text(response.text), allowed)
    assert left == [], (url, left)
    return response.text


@pytest.mark.parametrize(
    ("url", "twin"),
    [
        (f"/verifier?q={GP_RPPS}", f"/verifier.json?q={GP_RPPS}"),
        ("/verifier?q=Elodie+Bellamy-Roche", "/verifier.json?q=Elodie+Bellamy-Roche"),
        ("/verifier?q=Martin", "/verifier.json?q=Martin"),
        ("/verifier?q=Zoltan+Introuvablissime", None),
        ("/verifier?q=10000000001", None),
        ("/verifier?q=12345", None),
        (f"/praticien/{BELLAMY_RPPS}", f"/praticien/{BELLAMY_RPPS}.json"),
        (f"/praticien/{NURSE_RPPS}", f"/praticien/{NURSE_RPPS}.json"),
        (f"/praticien/{INTERN_RPPS}", f"/praticien/{INTERN_RPPS}.json"),
        (f"/praticien/{ADELI_NUMBER}", f"/praticien/{ADELI_NUMBER}.json"),
        ("/trouver?acte=toxine&lieu=Lyon", "/trouver.json?acte=toxine&lieu=Lyon"),
        ("/trouver?acte=ha_filler&lieu=69", "/trouver.json?acte=ha_filler&lieu=69"),
        ("/trouver", None),
        ("/verifier?q=%40compte.inconnu", "/verifier.json?q=%40compte.inconnu"),
        ("/", None),
        ("/verifier", None),
        ("/guides", None),
        ("/analyser", None),
        ("/signaler", None),
        ("/stats", None),
    ],
)
def test_the_english_patient_pages_have_no_french_left(
    site_client: TestClient, url: str, twin: str | None
) -> None:
    _english_page(site_client, url, twin)


ANALYSED = [
    (  # an offer: a nurse's number, a claimed name nobody holds, products, an impossible number
        "Infirmière diplômée, je fais vos lèvres à domicile 💋 150€ le ml, promo -20% ce week-end. "
        f"RPPS {NURSE_RPPS}. Rdv en DM, acompte Lydia. Dr Zoltan Introuvablissime. "
        "Juvederm et Hyaluron Pen. RPPS 12345678901.",
        "",
    ),
    (  # a physician's warning quoting the market, with her bio
        "🚩 Les signaux qui doivent vous alerter : « lèvres 150€, dispo ce week-end, écris-moi », "
        "acompte par Lydia, rendez-vous dans un appartement. Méfiez-vous des fausses injectrices "
        "et vérifiez toujours le RPPS.",
        "Dr Élodie Bellamy-Roche, dermatologue à Lyon 6e, rendez-vous sur Doctolib",
    ),
    ("Recette du gâteau au chocolat de ma grand-mère.", ""),  # nothing to report
]
# What the page says back as the author wrote it: the form, the post, the excerpts quoted.
_THE_POSTS_OWN = re.compile(
    r'<textarea.*?</textarea>|<blockquote class="post".*?</blockquote>'
    r'|<strong class="signal__excerpts" lang="fr">.*?</strong>',
    re.S,
)


def _scanned(payload: dict[str, Any]) -> set[str]:
    """The names and numbers the registry checks quote: proper names in any language."""
    found = set()
    for check in payload["checks"]:
        found.add(check["value"])
        found |= {check["details"].get("holder", ""), *check["details"].get("candidates", [])}
    return found


@pytest.mark.parametrize(("text", "bio"), ANALYSED)
def test_the_english_scan_page_says_its_answer_in_english(
    site_client: TestClient, text: str, bio: str
) -> None:
    form = {"text": text, "bio": bio, "csrf_token": csrf_token_of(site_client, "/analyser")}
    response = site_client.post("/analyser", data=form, headers=EN)
    assert response.status_code == 200
    twin = site_client.post("/analyser", data=form, headers={"accept": "application/json"})
    body = _THE_POSTS_OWN.sub(" ", response.text)
    assert re.findall(r'\slang="fr"', body) == [' lang="fr"']  # the switch to French, only
    assert french_words(visible_text(body), _scanned(twin.json())) == []


def test_the_scan_pages_json_twin_keeps_the_scanners_french(site_client: TestClient) -> None:
    form = {"text": ANALYSED[0][0], "csrf_token": csrf_token_of(site_client, "/analyser")}
    html = site_client.post("/analyser", data=form, headers=EN).text
    data = site_client.post(
        "/analyser?lang=en", data=form, headers={"accept": "application/json"}
    ).json()
    assert "Prix affiché : un médecin ne fait pas de publicité commerciale" in str(data["reasons"])
    assert "A price on display: a physician does not advertise commercially" in html
    nurse = next(c for c in data["checks"] if c["value"] == NURSE_RPPS)
    assert nurse["explanation"].endswith("(extraction du 2 novembre 2026).")
    assert "Chloé LEFEBVRE (Nurse) (extract of 2 November 2026)." in html
    assert re.search(r"Score [01]\.\d\d out of 1", html)  # a decimal point, not a comma


@pytest.mark.parametrize("url", ["/suivi/ABCD-EFGH-IJKL", "/nope"])
def test_an_english_error_page_says_its_message_in_english(
    site_client: TestClient, url: str
) -> None:
    response = site_client.get(url, headers=EN)
    assert response.status_code == 404
    assert french_words(visible_text(response.text)) == [], url


def test_the_english_api_reference_says_its_own_words_in_english(site_client: TestClient) -> None:
    html = site_client.get("/api/v1/docs", headers=EN).text
    for words in ("Parameters", "Required", "Responses:", "Every error has the same shape:"):
        assert words in html
    assert "Paramètres" not in html
    assert "Réponses" not in html


def test_an_english_guide_has_no_french_outside_its_sources_and_place_names(
    site_client: TestClient,
) -> None:
    html = site_client.get("/guides/acide-hyaluronique", headers=EN).text
    # The sources are French documents cited by their titles; départements are place names.
    body = re.sub(r'<div class="guide__body guide__sources">.*?</div>', "", html, flags=re.S)
    body = re.sub(r"<select.*?</select>", "", body, flags=re.S)
    assert french_words(visible_text(body)) == []


def test_english_verdicts_say_the_registry_and_its_date_in_words(site_client: TestClient) -> None:
    html = site_client.get(f"/verifier?q={GP_RPPS}", headers=EN).text
    assert "May not inject aesthetic botulinum toxin" in html
    assert (
        "The public RPPS registry (extract of 2 November 2026) lists this person as a physician "
        "(General practice), not in one of these specialties."
    ) in html
    assert "Source: RPPS, extract of 2 November 2026" in html
    assert "02/11/2026" not in html
    nurse = site_client.get(f"/praticien/{NURSE_RPPS}", headers=EN).text
    assert "lists this person as a nurse, not as a physician" in nurse
    assert ">Nurse<" in nurse


def test_the_json_twins_keep_the_registrys_french(site_client: TestClient) -> None:
    data = site_client.get(f"/verifier.json?q={GP_RPPS}&lang=en").json()
    assert data["candidates"][0]["profession"] == "Médecin"
    assert data["candidates"][0]["verdicts"]["botulinum_toxin"]["reason"].startswith(
        "Le registre public RPPS (extraction du 2 novembre 2026)"
    )


def _meta(html: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', html)


PREVIEWED = ["/", f"/verifier?q={GP_RPPS}", f"/praticien/{BELLAMY_RPPS}", "/trouver", "/guides"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_has_its_own_description_and_open_graph_preview(
    site_client: TestClient, lang: str
) -> None:
    descriptions = set()
    for url in [*PREVIEWED, "/guides/toxine-botulique"]:
        html = site_client.get(url, headers={"accept-language": lang}).text
        (description,) = _meta(html, "description")
        assert _meta(html, "og:description") == [description]
        assert _meta(html, "twitter:description") == [description]
        (title,) = re.findall(r"<title>([^<]*)</title>", html)
        assert _meta(html, "og:title") == [title]
        assert _meta(html, "og:locale") == ["en_GB" if lang == "en" else "fr_FR"]
        assert _meta(html, "og:type") == ["website"]
        assert len(description) >= 40, (url, description)
        descriptions.add(description)
    assert len(descriptions) == len(PREVIEWED) + 1  # no two pages say the same


def test_a_practitioner_preview_names_the_person_and_nothing_more(site_client: TestClient) -> None:
    html = site_client.get(f"/praticien/{GP_RPPS}").text
    (description,) = _meta(html, "description")
    assert description.startswith("Marc DUPONT-LEGRAND, médecin : ce que le registre public")
    assert "Ne peut pas" not in description  # a preview carries no verdict, only the page does
    account = site_client.get("/verifier?q=%40compte.inconnu").text
    (about,) = _meta(account, "description")
    assert "signal" not in about.lower()  # never reports nor risk in a shared link's preview
    assert "risque" not in about.lower()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_preview_escapes_the_query(site_client: TestClient, lang: str) -> None:
    html = site_client.get(f'/verifier?q="><script>alert(1)</script>&lang={lang}').text
    assert "<script>alert(1)" not in html
    (description,) = _meta(html, "description")
    assert "&lt;script&gt;" in description


def test_links_name_the_public_address_and_the_language(site_app: Any) -> None:
    settings = site_app.state.settings.model_copy(update={"public_url": "https://vigie.example"})
    app = create_app(settings)
    try:
        with TestClient(app, headers={"accept": "text/html"}) as client:
            html = client.get(f"/praticien/{BELLAMY_RPPS}?lang=en").text
            french = client.get("/verifier?q=Martin&ville=44").text
    finally:
        app.state.engine.dispose()
    url = f"https://vigie.example/praticien/{BELLAMY_RPPS}?lang=en"
    assert _meta(html, "og:url") == [url]
    assert f'<link rel="canonical" href="{url}">' in html
    assert (
        f'<link rel="alternate" hreflang="fr" href="https://vigie.example/praticien/{BELLAMY_RPPS}">'
    ) in html
    assert _meta(french, "og:url") == ["https://vigie.example/verifier?q=Martin&amp;ville=44"]
    assert _meta(french, "og:locale:alternate") == ["en_GB"]
