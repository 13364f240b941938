"""French first, English second: pick the language and translate UI strings.

UI strings are written in French in templates and code (``_("Vérifier")``); ``translations/en.json``
maps each French string to its English text. A string missing from the catalogue falls back to
French, so a page is never broken by a missing translation. The language comes from the ``lang``
query parameter, then the ``vigie_lang`` cookie (set by the switch), then ``Accept-Language``.

Registry values (professions, savoir-faire, categories) are data, not UI strings: their English
forms are in ``translations/registry.<lang>.json``, matched case- and accent-blind because the
extract's spelling of a label drifts ("Médecine générale", "Médecine Générale"). A value with no
English form stays as registered. The scanner's explanations have their own catalogue,
``translations/scan.<lang>.json``, read by ``vigie.web.scan_text``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

from starlette.requests import Request

from vigie.registry.normalize import fold

SUPPORTED = ("fr", "en")
DEFAULT = "fr"
LANG_COOKIE = "vigie_lang"
CATALOGUE_DIR = Path(__file__).parent / "translations"


@cache
def catalogue(lang: str) -> dict[str, str]:
    path = CATALOGUE_DIR / f"{lang}.json"
    if not path.exists():
        return {}
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


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
    """Folded French registry label → its form in ``lang`` (empty for French or no file)."""
    path = CATALOGUE_DIR / f"registry.{lang}.json"
    if lang == DEFAULT or not path.exists():
        return {}
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return {fold(french): english for french, english in data.items()}


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
