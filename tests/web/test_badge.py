"""The badge as drawn, without a database: the SVG (well-formed, titled, escaped, wide enough),
the QR code (read back module by module: it carries the practitioner page's URL) and the poster's
HTML."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError

from qr_matrix import matrix_of, modules_of, quiet_zone_is_light
from vigie.accounts.badge import (
    NO_SUCH_BADGE,
    NOT_CONFIRMED,
    NOT_IN_REGISTRY,
    BadgeHolder,
    account_line,
    short_path,
)
from vigie.config import Settings
from vigie.social import normalise_account
from vigie.web.badge.poster import poster_html, render_poster
from vigie.web.badge.qr import qr_code, qr_png
from vigie.web.badge.render import badge_svg, badge_title, embed_snippet, links_for
from vigie.web.i18n import catalogue
from vigie.web.paths import TEMPLATES_DIR

SVG_NS = "{http://www.w3.org/2000/svg}"
HOLDER = BadgeHolder(
    rpps="10000000017",
    title="Dr",
    first_name="Marc",
    last_name="DUPONT-LEGRAND",
    profession="Médecin",
    source_date=dt.date(2026, 11, 2),
    accounts=("Instagram : @dr.marc.dupont",),
)
LINKS = links_for("https://vigie.example/", HOLDER)


def _parse(svg: str) -> ET.Element:
    """Our own output, parsed to prove it is well-formed XML."""
    return ET.fromstring(svg)  # noqa: S314 - not untrusted input: the badge under test


def _texts(svg: str) -> list[str]:
    root = _parse(svg)
    return [t.text or "" for t in root.iter(f"{SVG_NS}text")]


def test_links_point_to_the_practitioner_page_and_the_short_path() -> None:
    assert LINKS.page_url == "https://vigie.example/praticien/10000000017"
    assert LINKS.short_url == "https://vigie.example" + short_path("10000000017")
    assert LINKS.short_text == "vigie.example/m/10000000017"


def test_the_svg_is_well_formed_titled_and_says_what_to_do_in_words() -> None:
    svg = badge_svg(HOLDER, LINKS)
    root = _parse(svg)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG_NS}title")
    assert title is not None
    assert title.text == badge_title(HOLDER)
    assert "Dr Marc DUPONT-LEGRAND, médecin, RPPS 10000000017" in badge_title(HOLDER)
    assert root.get("aria-labelledby") == "vigie-badge-title vigie-badge-desc"
    texts = _texts(svg)
    assert "Dr Marc DUPONT-LEGRAND" in texts
    assert "Médecin · RPPS 10000000017" in texts
    assert "Vérifier sur Vigie : vigie.example/m/10000000017" in texts
    # self-contained: nothing to fetch, nothing to run
    for outside in ("href", "<script", "<image", "url("):
        assert outside not in svg


def test_a_long_name_widens_the_badge_instead_of_overflowing() -> None:
    short = _parse(badge_svg(HOLDER, LINKS))
    long_holder = replace(HOLDER, last_name="DE LA TOUR-MONTGOMERY-SAINT-ANGE")
    wide = _parse(badge_svg(long_holder, LINKS))
    assert int(wide.get("width") or 0) > int(short.get("width") or 0)
    assert int(wide.get("width") or 0) >= 56 + len(long_holder.name) * 16 * 0.6


def test_registry_text_is_escaped_in_the_svg_and_the_embed_snippet() -> None:
    odd = replace(HOLDER, last_name="O'HARA <script>&\"")
    svg = badge_svg(odd, LINKS)
    _parse(svg)  # still well-formed XML
    assert "<script>" not in svg
    assert any("O'HARA <script>&\"" in t for t in _texts(svg))
    snippet = embed_snippet(odd, LINKS, "https://vigie.example/badge/10000000017.svg")
    assert "<script>" not in snippet
    assert snippet.startswith('<a href="https://vigie.example/m/10000000017"><img src=')
    assert 'style="max-width:100%;height:auto"' in snippet  # shrinks on a phone


@pytest.mark.parametrize(
    "url",
    [
        "https://vigie.example/praticien/10000000017",
        "http://127.0.0.1:8000/praticien/10000000009",
        "https://une-adresse-bien-plus-longue.vigie.example/praticien/10000000017",
    ],
)
def test_the_qr_png_reads_back_as_the_url(url: str) -> None:
    picture = qr_png(url, module_px=6)
    expected = qr_code(url)
    assert modules_of(picture, expected) == matrix_of(expected)
    assert quiet_zone_is_light(picture, expected)
    other = qr_code(url + "0")
    assert matrix_of(other) != matrix_of(expected)  # the comparison tells URLs apart


def test_the_qr_code_keeps_at_least_medium_error_correction() -> None:
    assert qr_code(LINKS.page_url).error in ("M", "Q", "H")


def test_account_lines_write_usernames_with_an_at_and_numbers_without() -> None:
    assert account_line(normalise_account("instagram", "@Dr.Marc")) == "Instagram : @dr.marc"
    assert account_line(normalise_account("whatsapp", "+33612345678")) == (
        "WhatsApp : +33612345678"
    )


def test_the_poster_html_names_the_physician_the_link_and_the_dates() -> None:
    html = poster_html(HOLDER, LINKS, dt.date(2026, 12, 1))
    for part in (
        "Dr Marc DUPONT-LEGRAND",
        "10000000017",
        "vigie.example/m/10000000017",
        "Instagram : @dr.marc.dupont",
        "Affiche éditée le 1er décembre 2026",
        "extraites le 2 novembre 2026",
    ):
        assert part in html, part
    none = poster_html(replace(HOLDER, accounts=()), LINKS, dt.date.today())
    assert "Aucun pour l'instant." in none


def test_the_badge_section_and_its_refusals_have_english_text() -> None:
    account = (TEMPLATES_DIR / "auth" / "account.html").read_text()
    section = account[account.index("{% if badge %}") : account.index('id="handles-title"')]
    strings = {m.group(2) for m in re.finditer(r"""_\((["'])(.*?)\1\)""", section)}
    assert len(strings) >= 6
    strings |= {NOT_CONFIRMED, NOT_IN_REGISTRY, NO_SUCH_BADGE, "Page consultée le"}
    assert sorted(strings - set(catalogue("en"))) == []


@pytest.mark.parametrize(
    "value", ["vigie.example", "https://vigie.example/chemin", "javascript:alert(1)", "https://a b"]
)
def test_the_public_url_is_an_origin_or_nothing(value: str) -> None:
    with pytest.raises(ValidationError, match="public_url"):
        Settings(public_url=value)
    assert (
        Settings(public_url="https://vigie.example:8443").public_url == "https://vigie.example:8443"
    )


def test_the_poster_stays_on_one_a4_page_with_a_long_name_address_and_many_accounts(
    tmp_path: Path,
) -> None:
    crowded = replace(
        HOLDER,
        first_name="Marie-Bénédicte-Anne",
        last_name="DE LA TOUR-MONTGOMERY-SAINT-ANGE-VILLENEUVE",
        accounts=tuple(
            f"Instagram : @dr.compte.{i}.avec.un.nom.vraiment.long.a.lire" for i in range(9)
        ),
    )
    links = links_for("https://une-adresse-assez-longue.vigie.example", crowded)
    pdf = tmp_path / "affiche.pdf"
    pdf.write_bytes(render_poster(crowded, links, dt.date(2026, 12, 1)))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    assert "(A4)" in info
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "… et 6 autre(s) : la liste complète est sur ma page Vigie." in " ".join(text.split())
