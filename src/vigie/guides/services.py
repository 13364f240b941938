"""What the pages and the API ask of the guides: the list of sheets and one sheet, per language.

A sheet missing in English falls back to French (French is the reference text), and says so via
``Sheet.lang`` so the page can set ``lang="fr"`` on the article.
"""

from __future__ import annotations

from vigie.errors import NotFound
from vigie.guides.sheets import LANGUAGES, SLUG_PATTERN, Sheet, all_sheets

DEFAULT_LANG = "fr"


def _pick(slug: str, lang: str) -> Sheet | None:
    sheets = all_sheets()
    return sheets.get((slug, lang)) or sheets.get((slug, DEFAULT_LANG))


def list_sheets(lang: str) -> list[Sheet]:
    """Every sheet once, in the language asked when it exists, ordered for reading."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANG
    slugs = {slug for slug, _ in all_sheets()}
    found = [sheet for slug in slugs if (sheet := _pick(slug, lang)) is not None]
    return sorted(found, key=lambda sheet: (sheet.order, sheet.slug))


def get_sheet(slug: str, lang: str) -> Sheet:
    lang = lang if lang in LANGUAGES else DEFAULT_LANG
    sheet = _pick(slug, lang) if SLUG_PATTERN.match(slug) else None
    if sheet is None:
        raise NotFound("Cette fiche n'existe pas.", details={"slug": slug[:60]})
    return sheet
