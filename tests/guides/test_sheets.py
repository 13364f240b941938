"""The patient sheets: present in both languages, every cited number sourced, no raw HTML, the
emergency signs first in each act's risks section, a review date on every sheet."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from vigie.errors import NotFound
from vigie.guides.reporting import NATIONAL_PORTAL
from vigie.guides.services import get_sheet, list_sheets
from vigie.guides.sheets import LANGUAGES, all_sheets, parse_sheet, slug_of

SLUGS = [
    "mesotherapie",
    "acide-hyaluronique",
    "toxine-botulique",
    "faux-injecteurs",
    "avant-injection",
    "apres-complication",
    "choisir-praticien",
]
# Official bodies first, then the medical press and physicians' pages cited for clinical signs.
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
    "ameli.fr",
    "santepubliquefrance.fr",
    "pharmacovigilance-iledefrance.fr",
    "service-public.gouv.fr",
    "signal.conso.gouv.fr",
    "lequotidiendumedecin.fr",
    "larevuedupraticien.fr",
    "chirurgie-medecine-esthetique-bordeaux.fr",
    "sante.journaldesfemmes.fr",
    "allodocteurs.fr",
    "rtl.fr",
)
# Home pages are not sources: a claim points at the page that makes it.
HOME_PAGES = (
    "https://ansm.sante.fr/",
    "https://www.service-public.fr/",
    "https://www.has-sante.fr/jcms",
)
ACTS = {
    "acide-hyaluronique": (
        "blanchit",
        "marbrée",
        "douleur forte",
        "vue se trouble",
        "hyaluronidase",
    ),
    "toxine-botulique": ("avaler", "respirer", "paupières tombent", "vue devient floue ou double"),
    "mesotherapie": ("rougeur s'étend", "fièvre", "nodules"),
}
RISKS_HEADING = {"fr": ("les-risques", "les-vrais-risques"), "en": ("the-risks", "the-real-risks")}


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


@pytest.mark.parametrize(("slug", "lang"), [(s, lang) for s in ACTS for lang in LANGUAGES])
def test_each_act_opens_its_risks_section_with_the_emergency_box(slug: str, lang: str) -> None:
    sheet = get_sheet(slug, lang)
    assert sheet.urgent_anchor in RISKS_HEADING[lang]
    opening = f'{sheet.urgent_anchor}">'
    after_heading = sheet.html.split(opening, 1)[1].split("</h2>", 1)[1].lstrip()
    assert after_heading.startswith('<div class="notice notice--warning urgence">')
    box = after_heading.split("</div>", 1)[0]
    assert "15" in box
    assert "112" in box
    assert "<strong>Dites au médecin" in box or "<strong>Tell the" in box


@pytest.mark.parametrize("slug", ACTS)
def test_each_emergency_box_names_the_signs_of_its_act(slug: str) -> None:
    sheet = get_sheet(slug, "fr")
    box = sheet.html.split('class="notice notice--warning urgence">', 1)[1].split("</div>", 1)[0]
    for sign in ACTS[slug]:
        assert sign in box, sign


def test_the_filler_sheet_says_only_a_physician_dissolves_it_and_to_keep_the_label() -> None:
    text = get_sheet("acide-hyaluronique", "fr").markdown
    assert "Seul un médecin peut dissoudre l'acide hyaluronique" in text
    assert "étiquette de traçabilité" in text
    assert "numéro de lot" in text
    assert "Only a physician can dissolve" in get_sheet("acide-hyaluronique", "en").markdown


@pytest.mark.parametrize(("slug", "lang"), [(s, lang) for s in SLUGS for lang in LANGUAGES])
def test_every_sheet_says_when_it_was_last_reviewed(slug: str, lang: str) -> None:
    reviewed = get_sheet(slug, lang).reviewed
    assert reviewed is not None
    assert dt.date(2026, 1, 1) <= reviewed <= dt.date.today()


@pytest.mark.parametrize(("slug", "lang"), [(s, lang) for s in SLUGS for lang in LANGUAGES])
def test_no_source_is_a_home_page(slug: str, lang: str) -> None:
    for line in get_sheet(slug, lang).sources:
        url = re.search(r"<(https://[^>]+)>", line)
        assert url is not None, line
        assert url.group(1) not in HOME_PAGES, line


def test_the_complication_sheet_tells_victims_they_are_not_at_fault_and_where_to_report() -> None:
    text = get_sheet("apres-complication", "fr").markdown
    assert "Ce n'est pas vous qui êtes en faute" in text
    for where in (
        NATIONAL_PORTAL,
        "https://signal.conso.gouv.fr/",
        "PHAROS",
        "ARS de votre région",
    ):
        assert where in text, where
    assert get_sheet("apres-complication", "fr").reporting


def test_one_address_for_the_national_reporting_portal_everywhere() -> None:
    """The old spelling ``signalement-sante.gouv.fr`` redirects today; every page uses one URL."""
    source = Path(__file__).resolve().parents[2] / "src" / "vigie"
    files = [
        *source.rglob("*.md"),
        *source.rglob("*.html"),
        *source.rglob("*.py"),
        *source.rglob("*.json"),
    ]
    assert [
        str(f) for f in files if "signalement-sante.gouv.fr" in f.read_text(encoding="utf-8")
    ] == []
    assert "signalement.social-sante.gouv.fr" in get_sheet("apres-complication", "en").markdown


def test_headings_get_unique_ids_and_block_quotes_become_the_emergency_box() -> None:
    text = "---\ntitle: T\nreviewed: 2026-12-01\n---\n## Les risques\n\n> ### Appelez le 15\n\n## Les risques\n"
    sheet = parse_sheet("x", "fr", text)
    assert '<h2 id="les-risques">' in sheet.html
    assert '<h2 id="les-risques-2">' in sheet.html
    assert '<div class="notice notice--warning urgence">' in sheet.html
    assert "<blockquote>" not in sheet.html
    assert sheet.urgent_anchor == "les-risques"
    assert sheet.reviewed == dt.date(2026, 12, 1)
    assert not sheet.reporting
    assert slug_of("Qui peut injecter ?") == "qui-peut-injecter"
    assert slug_of("Île-de-France — ARS") == "ile-de-france-ars"
    assert slug_of("???") == "section"


def test_a_malformed_review_date_is_refused() -> None:
    with pytest.raises(ValueError, match="reviewed must be YYYY-MM-DD"):
        parse_sheet("x", "fr", "---\ntitle: T\nreviewed: 01/12/2026\n---\nHello\n")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_sheet_splits_at_its_sources_so_a_page_can_put_a_box_before_them(lang: str) -> None:
    sheet = get_sheet("apres-complication", lang)
    assert sheet.body_html + sheet.sources_html == sheet.html
    assert sheet.sources_html.startswith('<h2 id="sources">Sources</h2>')
    assert '<h2 id="sources">' not in sheet.body_html
