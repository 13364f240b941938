"""French first, English second: pick the language and translate UI strings.

UI strings are written in French in templates and code (``_("Vérifier")``); each language other
than French has one gettext catalogue, ``translations/<lang>/LC_MESSAGES/messages.po``, whose
``msgid`` is the French text and ``msgstr`` its translation. Babel reads it once per process
(``read_po``, cached): no compiled ``.mo`` to build at setup or to go stale beside its source, and
the ~1,000 entries parse in tens of milliseconds. A string missing from the catalogue, or whose
translation is empty or fuzzy, falls back to French, so a page is never broken by a missing
translation. The language comes from the ``lang`` query parameter, then the ``vigie_lang`` cookie
(set by the switch), then ``Accept-Language``.

One catalogue per language, not one per kind of text, because a translator works on one file
(Poedit, Weblate) and one ``scripts/i18n.sh`` run keeps it in step with the sources. What is not
a UI string is told apart by its ``msgctxt``, so the same French word may be said differently:

- no context: UI strings, found by ``translate`` (and ``_`` in templates);
- ``registry``: registry values (professions, savoir-faire, categories), data rather than UI
  strings, matched case- and accent-blind because the extract's spelling of a label drifts
  ("Médecine générale", "Médecine Générale"); a value with no translation stays as registered;
- ``scan…``: the scanner's explanations, read by ``vigie.web.scan_text`` (which says how).

``vigie.web.i18n_extract`` builds the template (``messages.pot``) the catalogue is updated from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from starlette.requests import Request

from vigie.registry.normalize import fold

SUPPORTED = ("fr", "en")
DEFAULT = "fr"
LANG_COOKIE = "vigie_lang"
LOCALE_DIR = Path(__file__).parent / "translations"
DOMAIN = "messages"
REGISTRY = "registry"  # the msgctxt of registry values


def po_path(lang: str) -> Path:
    """Where the catalogue of ``lang`` lives (the standard gettext layout)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def po_catalogue(lang: str) -> Catalog | None:
    """The catalogue of ``lang`` as Babel reads it; ``None`` for French (the source) or no file.
    A malformed file fails here, at the first page, rather than translating half a page."""
    path = po_path(lang)
    if lang == DEFAULT or not path.exists():
        return None
    with path.open("rb") as file:
        return read_po(file, locale=lang, domain=DOMAIN, abort_invalid=True)


@cache
def _by_context(lang: str) -> dict[str | None, dict[str, str]]:
    """msgctxt → French → translation, for the entries with a translation that is not fuzzy."""
    found: dict[str | None, dict[str, str]] = {}
    for message in po_catalogue(lang) or ():
        french, translated = message.id, message.string
        if not french or message.fuzzy or not isinstance(french, str):
            continue
        if isinstance(translated, str) and translated:
            found.setdefault(message.context, {})[french] = translated
    return found


def entries(lang: str, context: str | None = None) -> dict[str, str]:
    """French → translation for one ``msgctxt`` of the catalogue of ``lang`` (empty if none)."""
    return _by_context(lang).get(context, {})


def contexts(lang: str) -> list[str]:
    """The ``msgctxt`` values the catalogue of ``lang`` uses."""
    return [context for context in _by_context(lang) if context is not None]


def catalogue(lang: str) -> dict[str, str]:
    """The UI strings of ``lang``: French → translation (empty for French)."""
    return entries(lang)


def translate(text: str, lang: str) -> str:
    """The catalogue's text for ``text``; a message with values in it ("Dossier n° 12 : …") is
    found by its entry with placeholders ("Dossier n° {case_id} : …"), values translated too."""
    if lang == DEFAULT:
        return text
    table = catalogue(lang)
    if text in table:
        return table[text]
    for pattern, translated in _patterns(lang):
        if found := pattern.fullmatch(text):
            values = {name: translate(value, lang) for name, value in found.groupdict().items()}
            return PLACEHOLDER.sub(partial(_value, values), translated)
    return text


def _value(values: dict[str, str], placeholder: re.Match[str]) -> str:
    return values.get(placeholder.group(1), placeholder.group(0))


PLACEHOLDER = re.compile(r"\{(\w+)\}")


@cache
def _patterns(lang: str) -> list[tuple[re.Pattern[str], str]]:
    """One regular expression per catalogue entry with placeholders, values matched lazily."""
    found = []
    for french, translated in catalogue(lang).items():
        parts = PLACEHOLDER.split(french)  # literal, name, literal, name, …
        if len(parts) == 1:
            continue
        seen: set[str] = set()
        regex = ""
        for index, part in enumerate(parts):
            if index % 2 == 0:
                regex += re.escape(part)
            else:
                regex += f"(?P={part})" if part in seen else f"(?P<{part}>.+?)"
                seen.add(part)
        found.append((re.compile(regex, re.DOTALL), translated))
    return found


def gettext(lang: str) -> Callable[[str], str]:
    """``translate`` bound to one language, for code that formats templates (the verdicts)."""
    return lambda text: translate(text, lang)


@cache
def registry_labels(lang: str) -> dict[str, str]:
    """Folded French registry label → its form in ``lang`` (empty for French or no catalogue)."""
    return {fold(french): translated for french, translated in entries(lang, REGISTRY).items()}


def registry_label(text: str, lang: str) -> str:
    """A profession or savoir-faire label in ``lang``, or as registered when it has no form there."""
    if lang == DEFAULT or not text:
        return text
    return registry_labels(lang).get(fold(text), text)


def colon(lang: str) -> str:
    """French sets a space before a colon, English does not: "Profession : …" / "Profession: …"."""
    return " :" if lang == DEFAULT else ":"


def quoted(text: str, lang: str) -> str:
    """``« text »`` in French, ``“text”`` in English (a plain string: templates escape it)."""
    return f"« {text} »" if lang == DEFAULT else f"“{text}”"


def page_url(request: Request, lang: str) -> str:
    """This page's address in ``lang``, for ``canonical``, ``hreflang`` and ``og:url``: on
    ``VIGIE_PUBLIC_URL`` when set (a shared link must name the public site, not the worker behind
    the proxy), the query kept, ``lang=en`` for English so a shared English link opens in English.
    """
    url = request.url.remove_query_params("lang")
    if lang != DEFAULT:
        url = url.include_query_params(lang=lang)
    public = request.app.state.settings.public_url.rstrip("/")
    if not public:
        return str(url)
    query = f"?{url.query}" if url.query else ""
    return f"{public}{url.path}{query}"


def _from_accept_language(header: str) -> str | None:
    ranked: list[tuple[float, str]] = []
    for part in header.split(","):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((quality, tag.strip().lower()[:2]))
    for _quality, tag in sorted(ranked, key=lambda item: -item[0]):
        if tag in SUPPORTED:
            return tag
    return None


def request_language(request: Request) -> str:
    explicit = request.query_params.get("lang")
    if explicit in SUPPORTED:
        return explicit
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in SUPPORTED:
        return cookie
    return _from_accept_language(request.headers.get("accept-language", "")) or DEFAULT
