"""The gettext catalogue against the sources (pure, no database): Babel's extraction is the
source of truth for "every string has its English".

The template is built as ``scripts/i18n.sh`` builds it (``vigie.web.i18n_extract``): every literal
``_("…")`` of the Jinja templates, ``translate("…")``/``gettext("…")`` of the code, and the
scanner's tables. An entry without a translation fails here, and so does a fuzzy one, a broken
placeholder or a scan entry the scanner no longer says.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from vigie.web import i18n
from vigie.web.i18n import REGISTRY, po_path, translate
from vigie.web.i18n_extract import add_held, extracted, template
from vigie.web.paths import TEMPLATES_DIR
from vigie.web.scan_text import SCAN

PLACEHOLDER = i18n.PLACEHOLDER
LITERAL = re.compile(r"""\b_\(\s*["']""")
# (msgctxt, French) → why it stays French on an English page. None today; an entry here must still
# be extracted, so the list cannot outlive its reason.
UNTRANSLATED: dict[tuple[str | None, str], str] = {}


def _key(message: object) -> tuple[str | None, str]:
    return (message.context, message.id)  # type: ignore[attr-defined]


def _english() -> Catalog:
    with po_path("en").open("rb") as file:
        return read_po(file, locale="en", abort_invalid=True)


def test_the_extraction_reads_the_templates_and_the_code() -> None:
    """A guard on the guard: an extractor that found nothing would pass the next test."""
    found = extracted()
    places = {path for message in found for path, _line in message.locations}
    marked = {
        f"src/vigie/web/templates/{page.relative_to(TEMPLATES_DIR)}"
        for page in TEMPLATES_DIR.rglob("*.html")
        if LITERAL.search(page.read_text(encoding="utf-8"))
    }
    assert len(marked) > 20
    assert sorted(marked - places) == []  # every template with a literal _("…") was read
    assert "src/vigie/registry/verdict.py" in places  # gettext("…") in the code
    assert found.get("Vérifier") is not None  # _("Vérifier") in _macros.html
    assert found.get("médecin sans spécialité inscrite") is not None


def test_every_extracted_string_has_its_english() -> None:
    english = _english()
    missing = []
    for message in template():
        if not message.id or _key(message) in UNTRANSLATED:
            continue
        entry = english.get(message.id, message.context)
        if entry is None or not entry.string or entry.fuzzy:
            missing.append(_key(message))
    assert missing == []
    keys = {_key(message) for message in template()}
    assert [key for key in UNTRANSLATED if key not in keys] == []


def test_the_catalogue_has_no_fuzzy_or_obsolete_entry_and_keeps_the_placeholders() -> None:
    english = _english()
    assert [_key(m) for m in english if m.id and m.fuzzy] == []
    assert list(english.obsolete) == []
    broken = [
        _key(m)
        for m in english
        if m.id and set(PLACEHOLDER.findall(m.id)) != set(PLACEHOLDER.findall(m.string))
    ]
    assert broken == []


def test_only_ui_strings_and_registry_values_are_held_beyond_the_sources() -> None:
    """A scan entry the scanner's tables no longer hold is stale: ``scripts/i18n.sh`` would make
    it obsolete. UI strings the code holds in tables, and registry values, are the catalogue's."""
    found = template()
    held = {_key(m) for m in _english() if m.id and found.get(m.id, m.context) is None}
    assert {context for context, _french in held} <= {None, REGISTRY}
    assert len(held) > 100  # the tables' labels and registry values: the catalogue's own


def test_the_workflow_would_change_nothing() -> None:
    """What ``pybabel update`` does with the template and the catalogue: nothing new, nothing
    obsolete (``scripts/i18n.sh --check``, without running the command-line tools)."""
    english = _english()
    found = template()
    add_held(found, english)
    before = {_key(m) for m in english if m.id}
    english.update(found)
    assert {_key(m) for m in english if m.id} == before
    assert list(english.obsolete) == []


def _entry_keys(text: str) -> list[tuple[str | None, str]]:
    """(msgctxt, msgid) of every entry as written, before Babel's reader merges repeats."""
    keys: list[tuple[str | None, str]] = []
    context: str | None = None
    parts: list[str] = []
    field = None
    for line in [*text.splitlines(), ""]:
        if not line.strip() or line.startswith("#"):
            if parts:
                keys.append((context, "".join(parts)))
            context, parts, field = None, [], None
        elif line.startswith("msgctxt "):
            field, context = "ctxt", ast.literal_eval(line[len("msgctxt ") :])
        elif line.startswith("msgid "):
            field, parts = "id", [ast.literal_eval(line[len("msgid ") :])]
        elif line.startswith("msgstr") or line.startswith("msgid_plural"):
            if parts:
                keys.append((context, "".join(parts)))
            context, parts, field = None, [], "str"
        elif line.startswith('"') and field == "id":
            parts.append(ast.literal_eval(line))
        elif line.startswith('"') and field == "ctxt":
            context = (context or "") + ast.literal_eval(line)
    return keys


def test_no_entry_is_written_twice() -> None:
    """Babel's reader keeps the last of two entries with one msgid and context and says nothing,
    so an English fixed in the first copy would silently never show."""
    keys = _entry_keys(po_path("en").read_text(encoding="utf-8"))
    assert len(keys) > 900  # the reader found the entries (the header's empty msgid included)
    repeated = sorted({key for key in keys if keys.count(key) > 1}, key=str)
    assert repeated == []


def test_the_repeat_check_sees_a_repeat() -> None:
    text = 'msgid "Oui"\nmsgstr "Yes"\n\nmsgctxt "scan"\nmsgid "Oui"\nmsgstr "Y"\n\n'
    text += 'msgid ""\n"O"\n"ui"\nmsgstr "Yes!"\n'
    keys = _entry_keys(text)
    assert keys == [(None, "Oui"), ("scan", "Oui"), (None, "Oui")]


def test_scan_entries_are_kept_apart_from_ui_strings() -> None:
    # The same French word may be a UI string and a registry value with different English.
    assert i18n.entries("en", SCAN)
    assert not set(i18n.entries("en", SCAN)) & set(i18n.catalogue("en"))
    assert i18n.catalogue("fr") == {}
    assert i18n.entries("en", "no such context") == {}


@pytest.fixture
def test_language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """A catalogue of a made-up language ``xx``, with an entry of each kind."""
    made = Catalog(locale="en", domain=i18n.DOMAIN)
    made.add("Bonjour", "Hello")
    made.add("Au revoir", "")  # not translated yet
    made.add("Merci", "Thanks", flags=["fuzzy"])  # a guess of pybabel update, not reviewed
    made.add("Dossier n° {case_id} : {status}", "Case {case_id}: {status}")
    made.add("ouvert", "open")
    made.add("Médecin", "Physician", context=REGISTRY)
    made.add("Médecin", "Doctor (UI)")
    path = tmp_path / "xx" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as file:
        write_po(file, made)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    caches = (i18n.po_catalogue, i18n._by_context, i18n._patterns, i18n.registry_labels)
    for cached in caches:
        cached.cache_clear()
    yield "xx"
    for cached in caches:
        cached.cache_clear()


def test_untranslated_and_fuzzy_entries_fall_back_to_french(test_language: str) -> None:
    assert translate("Bonjour", test_language) == "Hello"
    assert translate("Au revoir", test_language) == "Au revoir"
    assert translate("Merci", test_language) == "Merci"
    assert translate("Jamais vu", test_language) == "Jamais vu"


def test_placeholders_and_contexts_read_from_the_po(test_language: str) -> None:
    assert translate("Dossier n° 12 : ouvert", test_language) == "Case 12: open"
    assert translate("Médecin", test_language) == "Doctor (UI)"
    assert i18n.registry_label("MEDECIN", test_language) == "Physician"
    assert i18n.registry_label("Inconnu", test_language) == "Inconnu"


def test_a_broken_catalogue_fails_loudly(test_language: str) -> None:
    path = i18n.po_path(test_language)
    path.write_text('msgid "Bonjour"\nHello\nmsgstr "Bonjour"\n', encoding="utf-8")
    i18n.po_catalogue.cache_clear()
    i18n._by_context.cache_clear()
    with pytest.raises(PoFileError, match="misformatted"):
        translate("Bonjour", test_language)
