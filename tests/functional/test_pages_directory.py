"""The directory ``/trouver``, its JSON twin and ``GET /api/v1/directory`` over the demo registry,
on SQLite and PostgreSQL (``site_client``)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from demo_registry import BELLAMY_RPPS, GP_RPPS, INTERN_RPPS, NURSE_RPPS
from vigie.registry.search.directory import RANKING
from vigie.web.directory import UNKNOWN_PLACE
from vigie.web.i18n import catalogue
from vigie.web.paths import TEMPLATES_DIR

CONTRACT = {"act", "place", "ranking", "results", "total", "source_date"}
ENTRY = {"identifier", "last_name", "first_name", "profession", "savoir_faire", "sites"}
SITE = {"address", "postcode", "city", "department", "phone"}


def test_toxin_near_lyon_lists_the_dermatologist_not_the_gp(site_client: TestClient) -> None:
    data = site_client.get(
        "/api/v1/directory", params={"act": "botulinum_toxin", "place": "Lyon"}
    ).json()
    assert set(data) >= CONTRACT
    assert data["place"] == {"kind": "commune", "label": "Lyon (69)", "department": "69"}
    assert data["ranking"] == RANKING
    assert data["source_date"] == "2026-11-02"
    ids = [r["identifier"] for r in data["results"]]
    assert ids == [BELLAMY_RPPS]  # the GP of Lyon may not; the dermatology intern is not listed
    assert data["total"] == 1
    best = data["results"][0]
    assert {*ENTRY, "verdict", "accounts"} <= set(best)
    assert set(best["sites"][0]) == SITE
    assert best["sites"][0]["city"] == "Lyon"  # the site in the place comes first
    assert best["sites"][0]["address"].endswith("RUE DES TILLEULS")
    assert best["sites"][0]["phone"].startswith("04")
    assert best["verdict"]["status"] == "authorised"
    assert best["accounts"] == []


def test_hyaluronic_acid_ranks_the_commune_then_specialty_then_name(
    site_client: TestClient,
) -> None:
    data = site_client.get(
        "/api/v1/directory", params={"act": "ha_filler", "place": "69006"}
    ).json()
    assert data["place"]["kind"] == "postcode"
    ids = [r["identifier"] for r in data["results"]]
    assert ids[0] == BELLAMY_RPPS  # same postcode and a dermatologist
    assert GP_RPPS in ids  # general practitioners may inject hyaluronic acid
    assert NURSE_RPPS not in ids
    assert INTERN_RPPS not in ids
    tiers = [r["tier"] for r in data["results"]]
    assert tiers == sorted(tiers, key=["commune", "department", "region"].index)
    same_tier = [
        (r["last_name"], r["first_name"]) for r in data["results"] if r["tier"] == "commune"
    ]
    assert same_tier[1:] == sorted(same_tier[1:])


def test_a_department_and_its_region_widen_the_net(site_client: TestClient) -> None:
    by_code = site_client.get(
        "/api/v1/directory", params={"act": "mesotherapy", "place": "75"}
    ).json()
    by_name = site_client.get(
        "/api/v1/directory", params={"act": "mesotherapy", "place": "Paris"}
    ).json()
    assert by_code["place"] == {"kind": "department", "label": "Paris (75)", "department": "75"}
    assert by_name["place"]["kind"] == "commune"
    assert {r["identifier"] for r in by_code["results"]} == {
        r["identifier"] for r in by_name["results"]
    }
    assert all(r["profession"] == "Médecin" for r in by_code["results"])
    rhone = site_client.get(
        "/api/v1/directory", params={"act": "mesotherapy", "place": "Rhône"}
    ).json()
    assert rhone["place"]["department"] == "69"
    assert BELLAMY_RPPS in [r["identifier"] for r in rhone["results"]]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"act": "laser", "place": "Lyon"}, "act"),
        ({"act": "ha_filler", "place": "Lyon", "limit": "0"}, "limit"),
        ({"act": "ha_filler", "place": "x" * 101}, "place"),
        ({"act": "ha_filler"}, "place"),
    ],
)
def test_bad_input_is_a_clear_422(
    site_client: TestClient, params: dict[str, str], field: str
) -> None:
    response = site_client.get("/api/v1/directory", params=params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message"]
    assert field in str(error)


@pytest.mark.parametrize("place", ["Atlantide", "99999"])
def test_a_well_formed_place_that_names_nothing_is_a_404(
    site_client: TestClient, place: str
) -> None:
    """Not a 422: the schema allows the spelling, nothing in the official division bears it."""
    response = site_client.get("/api/v1/directory", params={"act": "ha_filler", "place": place})
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["message"]
    assert "place" in str(error)


def test_page_shows_the_form_the_ranking_and_the_results(site_client: TestClient) -> None:
    empty = site_client.get("/trouver")
    assert empty.status_code == 200
    assert 'name="acte"' in empty.text
    assert 'name="lieu"' in empty.text
    assert "Aucun paiement, aucune note et aucun avis" in empty.text
    html = site_client.get("/trouver", params={"acte": "toxine", "lieu": "Lyon"}).text
    assert "Élodie BELLAMY-ROCHE" in html
    assert "RUE DES TILLEULS" in html
    assert 'href="tel:+33' in html
    assert "Comment cette liste est classée" in html
    assert "DUPONT-LEGRAND" not in html
    assert 'href="/trouver.json?' in html
    twin = site_client.get("/trouver.json", params={"acte": "toxine", "lieu": "Lyon"}).json()
    api = site_client.get("/api/v1/directory", params={"act": "botulinum_toxin", "place": "Lyon"})
    assert twin == api.json()


def test_an_unknown_place_gives_the_form_back_with_what_to_type(site_client: TestClient) -> None:
    response = site_client.get("/trouver", params={"acte": "ha_filler", "lieu": "Atlantide"})
    assert response.status_code == 422
    assert "Lieu inconnu" in response.text
    assert 'name="lieu"' in response.text
    assert (
        site_client.get(
            "/trouver.json", params={"acte": "ha_filler", "lieu": "Atlantide"}
        ).status_code
        == 422
    )


def test_the_directory_is_reached_from_home_and_from_every_no(site_client: TestClient) -> None:
    assert 'href="/trouver"' in site_client.get("/").text
    assert (
        'href="/trouver"'
        in site_client.get("/verifier", params={"q": "Zoltan Introuvablissime"}).text
    )
    gp = site_client.get("/verifier", params={"q": GP_RPPS}).text
    assert 'href="/trouver?acte=botulinum_toxin"' in gp  # the act she may not perform
    bellamy = site_client.get("/verifier", params={"q": BELLAMY_RPPS}).text
    assert "/trouver?acte=" not in bellamy  # every answer is yes: nothing to find elsewhere
    chosen = site_client.get("/trouver", params={"acte": "botulinum_toxin"}).text
    assert '<option value="botulinum_toxin" selected>' in chosen
    assert 'href="/trouver"' in site_client.get(f"/praticien/{NURSE_RPPS}").text


def test_the_route_is_in_the_openapi_with_its_model(site_client: TestClient) -> None:
    spec = site_client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/directory"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/DirectoryResult")
    assert "security" not in operation or operation["security"] in ([], [{}])


def test_every_directory_string_has_its_english() -> None:
    literal = re.compile(r"""_\((["'])(.*?)\1\)""")
    text = (TEMPLATES_DIR / "directory.html").read_text(encoding="utf-8")
    strings = {m.group(2) for m in literal.finditer(text)}
    assert sorted((strings | {UNKNOWN_PLACE}) - set(catalogue("en"))) == []


@pytest.mark.parametrize("typed", ["Lyon 69", "Lyon (69)"])
def test_a_commune_with_its_department_finds_the_same_physicians(
    site_client: TestClient, typed: str
) -> None:
    plain = site_client.get("/trouver.json", params={"acte": "toxine", "lieu": "Lyon"}).json()
    qualified = site_client.get("/trouver.json", params={"acte": "toxine", "lieu": typed}).json()
    assert qualified["place"] == plain["place"]
    assert [r["identifier"] for r in qualified["results"]] == [BELLAMY_RPPS]
