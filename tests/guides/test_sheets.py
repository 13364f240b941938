"""The patient sheets: present in both languages, every cited number sourced, no raw HTML."""

from __future__ import annotations

import re

import pytest

from vigie.errors import NotFound
from vigie.guides.services import get_sheet, list_sheets
from vigie.guides.sheets import LANGUAGES, all_sheets, parse_sheet

SLUGS = [
    "mesotherapie",
    "acide-hyaluronique",
    "toxine-botulique",
    "faux-injecteurs",
    "avant-injection",
    "apres-complication",
    "choisir-praticien",
]
OFFICIAL_HOSTS = (
    "legifrance.gouv.fr",
    "ansm.sante.fr",
    "has-sante.fr",
    "senat.fr",
    "ars.sante.fr",
    "annuaire.sante.fr",
    "conseil-national.medecin.fr",
    "service-public.fr",
    "social-sante.gouv.fr",
    "medicaments.gouv.fr",
    "ordre.pharmacien.fr",
    "vidal.fr",
)


def test_every_sheet_exists_in_french_and_english() -> None:
    assert sorted(all_sheets()) == sorted((slug, lang) for slug in SLUGS for lang in LANGUAGES)


@pytest.mark.parametrize(("slug", "lang"), [(s, lang) for s in SLUGS for lang in LANGUAGES])
def test_every_reference_has_its_source(slug: str, lang: str) -> None:
    sheet = get_sheet(slug, lang)
    assert sheet.references, "a sheet without a single cited source"
    numbered = {int(line.split(".", 1)[0]) for line in sheet.sources}
    assert sheet.references == numbered
    for line in sheet.sources:
        url = re.search(r"<(https://[^>]+)>", line)
        assert url is not None, line
        assert any(host in url.group(1) for host in OFFICIAL_HOSTS), line


@pytest.mark.parametrize("slug", SLUGS)
def test_french_and_english_cite_the_same_sources(slug: str) -> None:
    french, english = get_sheet(slug, "fr"), get_sheet(slug, "en")
    assert french.references == english.references
    urls = [re.findall(r"<(https://[^>]+)>", "\n".join(s.sources)) for s in (french, english)]
    assert urls[0] == urls[1]


def test_mesotherapy_sheet_carries_the_facts_asked_for() -> None:
    text = get_sheet("mesotherapie", "fr").markdown
    for fact in (
        "4 mm",
        "4 à 13 mm",
        "pistolet injecteur",
        "1 à 3",
        "environ 12",
        "une séance par semaine",
    ):
        assert fact in text
    for risk in ("Infections", "Hématomes", "érythèmes", "allergiques", "hygiène"):
        assert risk in text


def test_raw_html_in_a_sheet_is_escaped_not_rendered() -> None:
    sheet = parse_sheet("x", "fr", "---\ntitle: T\n---\nHello <script>alert(1)</script>\n")
    assert "<script>" not in sheet.html
    assert "&lt;script&gt;" in sheet.html


def test_a_sheet_without_its_header_is_refused() -> None:
    with pytest.raises(ValueError, match="header"):
        parse_sheet("x", "fr", "# no header\n")


def test_source_links_are_marked_external() -> None:
    assert (
        'rel="noopener noreferrer external" href="https://' in get_sheet("mesotherapie", "fr").html
    )


def test_list_is_ordered_and_falls_back_to_french() -> None:
    assert [s.slug for s in list_sheets("fr")] == SLUGS
    assert [s.lang for s in list_sheets("de")] == ["fr"] * len(SLUGS)
    assert get_sheet("mesotherapie", "en").title == "Mesotherapy"


@pytest.mark.parametrize("slug", ["nope", "../etc/passwd", "MESOTHERAPIE", "a" * 500])
def test_unknown_sheet_is_not_found(slug: str) -> None:
    with pytest.raises(NotFound):
        get_sheet(slug, "fr")
