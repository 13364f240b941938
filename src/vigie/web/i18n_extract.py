"""The translators' template (``messages.pot``): every French text a page can show, with context.

Three sources, because no single one sees every string:

- Babel's extraction (``translations/babel.cfg``): ``_("…")`` in the Jinja templates,
  ``translate("…", lang)`` and ``gettext("…")`` in the Python modules — a literal only;
- the scanner's tables (``scan_text.scan_messages``): its cues, product facts and check templates
  are data in French, enumerated rather than marked;
- the catalogue itself, for what neither sees: UI labels the code holds in tables (``present.ACTS``,
  ``html_errors.MESSAGES``…, each table's test enumerates it and fails on a label with no entry)
  and registry values (data from the extract, ``msgctxt registry``). They are carried over, so
  ``pybabel update`` keeps them rather than marking them obsolete; removing one is done by hand.

``scripts/i18n.sh`` runs ``pybabel extract`` (the first source), then this module on its output
(``python -m vigie.web.i18n_extract POT``, the other two), then ``pybabel update``; the test
``tests/web/test_i18n_catalogue.py`` builds the same template in memory (``template``) and fails on
any entry without a translation.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from vigie.web.i18n import DEFAULT, DOMAIN, LOCALE_DIR, REGISTRY, SUPPORTED, po_path
from vigie.web.scan_text import scan_messages

SOURCES = Path(__file__).resolve().parents[1]  # src/vigie: the mapping's patterns are under it
MAPPING = LOCALE_DIR / "babel.cfg"
KEYWORDS = {**DEFAULT_KEYWORDS, "translate": None}  # i18n.translate(text, lang): the first argument
HELD = "Held in a code table or registry data: not found by extraction, kept from the catalogue."


def extracted() -> Catalog:
    """What ``pybabel extract -F babel.cfg -k translate src/vigie`` finds, as a catalogue."""
    with MAPPING.open(encoding="utf-8") as file:
        # Babel's configuration parser has no annotations; it returns lists and dicts of str.
        method_map, options_map = parse_mapping_cfg(file, str(MAPPING))  # type: ignore[no-untyped-call]
    found = Catalog(domain=DOMAIN, project="Vigie")
    for name, lineno, message, comments, context in extract_from_dir(
        str(SOURCES), method_map, options_map, KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        if isinstance(message, str):
            path = f"src/vigie/{name}"
            found.add(message, locations=[(path, lineno)], auto_comments=comments, context=context)
    return found


def add_scan_messages(template: Catalog) -> None:
    for context, french, note in scan_messages():
        template.add(french, context=context, auto_comments=[note])


def add_held(template: Catalog, catalogue: Catalog) -> None:
    """The entries of ``catalogue`` that only it knows: UI strings and registry values. A scan
    entry the scanner's tables no longer hold is let go (``pybabel update`` makes it obsolete), so
    is a fuzzy one (``update``'s guess for a new text, whose old text is gone)."""
    for message in catalogue:
        if not message.id or message.fuzzy or message.context not in (None, REGISTRY):
            continue
        if template.get(message.id, message.context) is None:
            template.add(message.id, context=message.context, auto_comments=[HELD])


def template() -> Catalog:
    """The template the catalogues are updated from, minus what only they hold (``add_held``)."""
    found = extracted()
    add_scan_messages(found)
    return found


def complete(pot: Path) -> int:
    """Add the scanner's tables and the catalogues' held entries to ``pot`` (written by
    ``pybabel extract``); the number of entries written."""
    with pot.open("rb") as file:
        found = read_po(file, domain=DOMAIN)
    add_scan_messages(found)
    for lang in SUPPORTED:
        if lang != DEFAULT and po_path(lang).exists():
            with po_path(lang).open("rb") as file:
                add_held(found, read_po(file, locale=lang, domain=DOMAIN))
    with pot.open("wb") as file:
        write_po(file, found, include_lineno=False)
    return len(found)


if __name__ == "__main__":
    print(f"{complete(Path(sys.argv[1]))} entries in {sys.argv[1]}")
