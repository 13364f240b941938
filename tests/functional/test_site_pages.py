"""Every public page over HTTP (TestClient), on SQLite and PostgreSQL: status, content, escaping,
JSON twins from the same service call, language, security headers, no external resources."""

from __future__ import annotations

import re

import pytest
from external_fetch import EXTERNAL_FETCH
from fastapi.testclient import TestClient

from demo_registry import BELLAMY_RPPS, GP_RPPS, HOMONYM_COUNT, INVALID_RPPS, NURSE_RPPS

PAGES = [
    "/",
    "/verifier",
    "/verifier?q=Elodie+Belamy",
    "/verifier?q=10000000009",
    f"/verifier?q={INVALID_RPPS}",
    "/verifier?q=Zoltan+Introuvablissime",
    "/verifier?q=Isabelle+Martin",
    "/verifier?q=%40compte.inconnu",
    f"/praticien/{BELLAMY_RPPS}",
    "/guides",
    "/guides/mesotherapie",
    "/analyser",
]
XSS = "<script>alert(1)</script>"


def statuses_in_html(html: str) -> list[str]:
    return re.findall(r'data-status="([a-z_]+)"', html)


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_in_french_with_no_external_resource(
    site_client: TestClient, url: str
) -> None:
    response = site_client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in response.text
    assert response.text.count("<h1") == 1
    assert EXTERNAL_FETCH.search(response.text) is None
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "Accept-Language" in response.headers["vary"]


def test_home_offers_one_search_box_and_the_three_entry_points(site_client: TestClient) -> None:
    html = site_client.get("/").text
    assert html.count('type="search"') == 1
    for text in ("Vérifier un injecteur", "Comprendre un soin", 'href="/signaler"'):
        assert text in html
    guides = site_client.get("/guides/mesotherapie").text
    assert '<a href="/guides" aria-current="page">' in guides


def test_name_search_with_a_typo_finds_the_dermatologist_with_three_verdicts(
    site_client: TestClient,
) -> None:
    html = site_client.get("/verifier", params={"q": "Elodie Belamy", "ville": "Lyon"}).text
    assert "BELLAMY-ROCHE" in html
    assert f'href="/praticien/{BELLAMY_RPPS}"' in html
    assert statuses_in_html(html)[:3] == ["authorised"] * 3
    assert "Source : RPPS, extraction du 2 novembre 2026" in html
    assert "<details" in html
    assert "Pourquoi ?" in html
    assert 'href="/signaler"' in html


def test_html_and_json_twin_show_the_same_verdicts(site_client: TestClient) -> None:
    params = {"q": "Marc Dupont-Legrand"}
    html = site_client.get("/verifier", params=params).text
    data = site_client.get("/verifier.json", params=params).json()
    first = data["candidates"][0]
    assert first["identifier"] == GP_RPPS
    acts = ("ha_filler", "botulinum_toxin", "mesotherapy")
    assert statuses_in_html(html)[:3] == [first["verdicts"][act]["status"] for act in acts]
    assert first["verdicts"]["botulinum_toxin"]["status"] == "not_authorised"
    assert data["source_date"] == "2026-11-02"


def test_accept_json_on_the_page_gives_the_twin(site_client: TestClient) -> None:
    twin = site_client.get("/verifier.json", params={"q": BELLAMY_RPPS}).json()
    negotiated = site_client.get(
        "/verifier", params={"q": BELLAMY_RPPS}, headers={"accept": "application/json"}
    ).json()
    assert negotiated == twin
    assert twin["identifier_check"]["valid"] is True


def test_homonyms_are_explained_with_a_city_field(site_client: TestClient) -> None:
    html = site_client.get("/verifier", params={"q": "Isabelle Martin"}).text
    assert f"{HOMONYM_COUNT} personnes portent ce nom : précisez la ville" in html
    assert 'name="ville"' in html
    narrowed = site_client.get("/verifier", params={"q": "Isabelle Martin", "ville": "Nantes"}).text
    assert "personnes portent ce nom" not in narrowed
    assert "Nantes" in narrowed


def test_not_found_says_what_it_means_and_what_to_ask(site_client: TestClient) -> None:
    html = site_client.get("/verifier", params={"q": "Zoltan Introuvablissime"}).text
    assert "Aucun médecin de ce nom dans le registre public" in html
    assert "Demandez-lui son numéro RPPS" in html
    assert "ne pas figurer dans la diffusion publique" in html
    assert 'class="card candidate"' not in html


def test_invalid_rpps_is_explained(site_client: TestClient) -> None:
    html = site_client.get("/verifier", params={"q": INVALID_RPPS}).text
    assert "Ce numéro n&#39;est pas valide" in html
    assert "ne peut pas être un numéro RPPS valide" in html


def test_practitioner_page_and_its_json_twin(site_client: TestClient) -> None:
    html = site_client.get(f"/praticien/{BELLAMY_RPPS}").text
    assert "Élodie BELLAMY-ROCHE" in html
    assert "Villeurbanne" in html
    data = site_client.get(f"/praticien/{BELLAMY_RPPS}.json").json()
    assert data["practitioner"]["identifier"] == BELLAMY_RPPS
    assert data["source_date"] == "2026-11-02"
    assert data["practitioner"]["verdicts"]["botulinum_toxin"]["status"] == "authorised"


def test_nurse_is_not_authorised_for_any_act(site_client: TestClient) -> None:
    data = site_client.get(f"/praticien/{NURSE_RPPS}.json").json()
    statuses = {v["status"] for v in data["practitioner"]["verdicts"].values()}
    assert statuses == {"not_authorised"}


@pytest.mark.parametrize("identifier", ["10000000117", INVALID_RPPS, "abc", "1" * 300])
def test_unknown_or_invalid_practitioner_is_a_friendly_404(
    site_client: TestClient, identifier: str
) -> None:
    page = site_client.get(f"/praticien/{identifier}")
    assert page.status_code == 404
    assert "<h1>Page introuvable</h1>" in page.text
    twin = site_client.get(f"/praticien/{identifier}.json")
    assert twin.status_code == 404
    assert twin.json()["error"]["code"] == "not_found"


def test_user_input_is_escaped_everywhere(site_client: TestClient) -> None:
    for params in ({"q": XSS}, {"q": "Martin", "ville": XSS}, {"q": "@" + XSS}):
        response = site_client.get("/verifier", params=params)
        assert response.status_code == 200
        assert XSS not in response.text
    assert XSS not in site_client.get("/langue", params={"suivant": XSS}).text


@pytest.mark.parametrize(
    "params",
    [{"q": "x" * 201}, {"q": "Martin", "ville": "y" * 101}, {"q": "Mar\x00tin"}, {"q": "\x1b[31m"}],
)
def test_junk_queries_get_a_4xx_page_never_a_500(
    site_client: TestClient, params: dict[str, str]
) -> None:
    response = site_client.get("/verifier", params=params)
    assert response.status_code == 422
    assert "<html" in response.text


def test_a_handle_shows_what_vigie_knows_and_invents_no_identity(site_client: TestClient) -> None:
    html = site_client.get("/verifier", params={"q": "@fake.injectrice.lyon"}).text
    assert "Aucun signalement pour ce compte" in html
    assert 'class="card candidate"' not in html
    data = site_client.get("/verifier.json", params={"q": "@fake.injectrice.lyon"}).json()
    assert data == {
        "query": "@fake.injectrice.lyon",
        "kind": "account",
        "account": None,
        "owner": None,
        "not_confirmed_for": [],
        "public_status": "no_reports",
        "message": "Aucun signalement pour ce compte.",
    }


def test_guides_index_and_sheet_with_json_twins(site_client: TestClient) -> None:
    index = site_client.get("/guides.json").json()["guides"]
    assert len(index) == 7
    assert index[0]["slug"] == "mesotherapie"
    sheet = site_client.get("/guides/mesotherapie.json").json()
    assert sheet["sources"]
    html = site_client.get("/guides/mesotherapie").text
    assert '<h2 id="sources">Sources</h2>' in html
    assert 'href="/signaler"' in html
    assert site_client.get("/guides/nope").status_code == 404
    assert site_client.get("/guides/..%2Fetc").status_code == 404


def test_english_by_cookie_and_by_accept_language(site_client: TestClient) -> None:
    by_header = site_client.get("/", headers={"accept-language": "en-GB,en;q=0.9"}).text
    assert '<html lang="en">' in by_header
    assert "May this person inject you?" in by_header
    switch = site_client.get(
        "/langue", params={"lang": "en", "suivant": "/guides"}, follow_redirects=False
    )
    assert switch.status_code == 303
    assert switch.headers["location"] == "/guides"
    assert "vigie_lang=en" in switch.headers["set-cookie"]
    site_client.cookies.set("vigie_lang", "en")
    guides = site_client.get("/guides").text
    assert "Understand a procedure" in guides
    assert "Mesotherapy" in guides


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example", "/\\evil.example"])
def test_language_switch_never_redirects_off_site(site_client: TestClient, target: str) -> None:
    response = site_client.get(
        "/langue", params={"lang": "en", "suivant": target}, follow_redirects=False
    )
    assert response.headers["location"] == "/"


def test_scan_page_requires_the_csrf_token(site_client: TestClient) -> None:
    response = site_client.post("/analyser", data={"text": "injections 100€"})
    assert response.status_code == 403
    assert "<html" in response.text


def test_api_errors_stay_json(site_client: TestClient) -> None:
    response = site_client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_scan_page_highlights_reasons_escaped(site_client: TestClient) -> None:
    form = site_client.get("/analyser").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token is not None
    post = "Promo injections acide hyaluronique lèvres 120€, RDV en DM, à domicile " + XSS
    response = site_client.post("/analyser", data={"text": post, "csrf_token": token.group(1)})
    assert response.status_code == 200
    assert "<mark" in response.text
    assert XSS not in response.text
    assert "&lt;script&gt;" in response.text
    twin = site_client.post(
        "/analyser",
        data={"text": post, "csrf_token": token.group(1)},
        headers={"accept": "application/json"},
    ).json()
    assert twin["risk"] in ("high", "medium", "low")
    signals = [r for r in twin["reasons"] if not r["signal"].endswith("_check")]
    assert signals
    assert all(post[r["start"] : r["end"]] == r["excerpt"] for r in signals)
    empty = site_client.post("/analyser", data={"text": "  ", "csrf_token": token.group(1)})
    assert empty.status_code == 422
    assert "Collez le texte" in empty.text


def test_a_city_typed_in_the_query_counts_as_the_place(site_client: TestClient) -> None:
    html = site_client.get("/verifier", params={"q": "Isabelle Martin Nantes"}).text
    assert "personnes portent ce nom" not in html
    assert "Nantes" in html


ODD_URLS = {
    "/verifier?q=%FF%FE": 422,
    "/verifier?q=Martin&ville=%FF": 422,
    "/verifier.json?q=%00": 422,
    "/guides/%FF": 404,
    "/guides/%FF.json": 404,
    "/praticien/%FF": 404,
    "/praticien/١٠٠٠٠٠٠٠٠٠٩": 404,
    "/langue?suivant=%FF&lang=%FF": 303,  # the switch drops what it cannot use
}


@pytest.mark.parametrize("url", ODD_URLS)
def test_invalid_utf8_and_odd_digits_never_give_a_500(site_client: TestClient, url: str) -> None:
    assert site_client.get(url, follow_redirects=False).status_code == ODD_URLS[url]


@pytest.mark.parametrize(
    ("url", "twin"),
    [
        ("/verifier?q=Bellamy", "/verifier.json?q=Bellamy"),
        (f"/praticien/{BELLAMY_RPPS}", f"/praticien/{BELLAMY_RPPS}.json"),
        ("/guides", "/guides.json"),
        ("/guides/mesotherapie", "/guides/mesotherapie.json"),
    ],
)
def test_pages_link_their_json_twin(site_client: TestClient, url: str, twin: str) -> None:
    html = site_client.get(url).text
    assert f'<link rel="alternate" type="application/json" href="{twin}">' in html
    assert site_client.get(twin).status_code == 200


def test_a_gp_result_answers_first_then_the_reason_then_the_law(site_client: TestClient) -> None:
    html = site_client.get("/verifier", params={"q": GP_RPPS}).text
    answer = "Ne peut pas injecter de toxine botulique esthétique : réservée aux dermatologues"
    assert answer in html
    assert (
        "l&#39;inscrit comme médecin (Médecine générale), pas dans l&#39;une de ces spécialités"
        in html
    )
    at = html.index(answer)
    assert at < html.index("Pourquoi ?", at) < html.index("Règle appliquée", at)
    assert "Peut injecter de l&#39;acide hyaluronique" in html
    assert "RUE DES TILLEULS" in html
    assert 'href="tel:+33' in html
    assert "appelez le cabinet" in html
    assert 'href="https://annuaire.esante.gouv.fr/"' in html
    card = site_client.get(f"/praticien/{GP_RPPS}.json").json()["practitioner"]
    assert card["activities"][0]["address"].endswith("RUE DES TILLEULS")
    assert card["activities"][0]["phone"]
    assert card["verdicts"]["botulinum_toxin"]["answer"].startswith("Ne peut pas injecter")


def test_homonyms_are_a_compact_list_with_the_same_counts_as_the_json_twin(
    site_client: TestClient,
) -> None:
    html = site_client.get("/verifier", params={"q": "Martin"}).text
    twin = site_client.get("/verifier.json", params={"q": "Martin"}).json()
    assert twin["homonyms"] == HOMONYM_COUNT
    assert f'data-homonyms="{twin["homonyms"]}"' in html
    assert f'data-total="{twin["total_matches"]}"' in html
    assert f"{HOMONYM_COUNT} personnes portent ce nom" in html
    assert html.count('class="person"') == HOMONYM_COUNT
    assert 'class="card candidate"' not in html  # one line each, the full card on tap
    by_department = site_client.get("/verifier", params={"q": "Martin", "ville": "44"}).text
    assert by_department.count('class="card candidate"') == 1
    assert "Nantes" in by_department
    by_postcode = site_client.get("/verifier.json", params={"q": "Martin", "ville": "13008"}).json()
    assert [c["activities"][0]["city"] for c in by_postcode["candidates"]] == ["Marseille"]
