"""Is this text English? A dictionary check for the English pages and texts.

A word is flagged when Debian's French word list (``wfrench``) has it and the British English list
(``wbritish``) does not: "toxine", "médecin", "registre", "du" are flagged, "injection",
"profession", "date" are not. Proper names and registry values with no English form are passed in
``allowed`` (phrases, removed before the check): the practitioner's name, the street, the town.
Both lists are installed by ``scripts/system_deps.sh``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

FRENCH = Path("/usr/share/dict/french")
ENGLISH = Path("/usr/share/dict/british-english")
# Names that stay French in English text: the product, the official directory, the medical council,
# the language switch, the agencies' acronyms and the loanwords English dictionaries lack.
PROPER_NAMES = (
    "Vigie",
    "Annuaire Santé",
    "Ordre des médecins",
    "Français",
    "ARS",
    "injectable",
)
_ADDRESS = re.compile(r"\b(?:https?://)?[\w-]+(?:\.[\w-]+)+\.(?:fr|com|org|net|eu)\b\S*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@cache
def _words(path: Path) -> frozenset[str]:
    if not path.exists():
        raise AssertionError(f"{path} is missing: run scripts/system_deps.sh (wfrench, wbritish)")
    return frozenset(
        w.strip().lower() for w in path.read_text(encoding="utf-8", errors="ignore").splitlines()
    )


def french_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The French words of ``text`` once ``allowed`` phrases and ``PROPER_NAMES`` are taken out."""
    text = _ADDRESS.sub(" ", text)  # a site's address is a name: signalement.social-sante.gouv.fr
    for phrase in sorted({*PROPER_NAMES, *allowed}, key=len, reverse=True):
        if phrase:
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    french, english = _words(FRENCH), _words(ENGLISH)
    found = {w for w in _WORD.findall(text) if w.lower() in french and w.lower() not in english}
    return sorted(found)


_SPOKEN = ("aria-label", "placeholder", "title", "alt")  # attributes a reader sees or hears
_PREVIEW = ("description", "og:title", "og:description", "twitter:title", "twitter:description")


class _Visible(HTMLParser):
    """The text a reader sees or hears, and what a shared link's preview shows: the title, the
    description and Open Graph tags; no script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        named = dict(attrs)
        if tag == "meta":
            if (named.get("name") or named.get("property")) in _PREVIEW:
                self.parts.append(named.get("content") or "")
            return
        self.parts.extend(value or "" for key, value in attrs if key in _SPOKEN)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)


def proper_names(payload: Any) -> set[str]:
    """Names, places and sites in a page's JSON twin: what stays as registered in any language."""
    found: set[str] = set()
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key in {"last_name", "first_name", "city", "address", "site_name", "label", "query"}:
                found.add(str(value))
            else:
                found |= proper_names(value)
    elif isinstance(payload, list):
        for item in payload:
            found |= proper_names(item)
    return found
