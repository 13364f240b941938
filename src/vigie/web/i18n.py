"""French first, English second: pick the language and translate UI strings.

UI strings are written in French in templates and code (``_("Vérifier")``); ``translations/en.json``
maps each French string to its English text. A string missing from the catalogue falls back to
French, so a page is never broken by a missing translation. The language comes from the ``lang``
query parameter, then the ``vigie_lang`` cookie (set by the switch), then ``Accept-Language``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from starlette.requests import Request

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
    if lang == DEFAULT:
        return text
    return catalogue(lang).get(text, text)


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
