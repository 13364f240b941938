"""Patient information sheets: Markdown files in ``content/``, French first, English second.

Each sheet is ``content/<slug>.<lang>.md`` and starts with a small header block::

    ---
    title: Mésothérapie
    summary: Ce que c'est, qui peut la pratiquer, les vrais risques.
    order: 1
    reviewed: 2026-12-01
    reporting: yes
    ---

``reviewed`` is the day a reader last checked the sheet against its sources (shown as "relu le …");
``reporting: yes`` asks the page for the "where to report near you" box (the ARS of a département).

The body is CommonMark (raw HTML disabled, so a sheet cannot inject markup) and ends with a
``## Sources`` section (``## Sources`` in both languages): every numbered reference ``[n]`` in the
text must have its entry there. Headings get an ``id`` (their text, slugged) so a page can link to a
section, and a block quote is the emergency box: it is drawn as a warning notice, not a quotation,
and a sheet puts it first in its risks section, where a patient in trouble lands. The sheets are read
once per process and rendered with markdown-it-py.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

CONTENT_DIR = Path(__file__).parent / "content"
LANGUAGES = ("fr", "en")
SLUG_PATTERN = re.compile(r"^[a-z0-9-]{1,60}$")
_HEADER = re.compile(r"\A---\n(?P<header>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
_REFERENCE = re.compile(r"\[(\d{1,2})\](?!\()")
_SOURCES_HEADING = '<h2 id="sources">'


@dataclass(frozen=True, slots=True)
class Sheet:
    slug: str
    lang: str
    title: str
    summary: str
    order: int
    markdown: str
    html: str
    reviewed: dt.date | None = None
    reporting: bool = False
    urgent_anchor: str = ""
    """``id`` of the section holding the emergency box, empty when the sheet has none."""

    @property
    def references(self) -> set[int]:
        """Numbers cited in the text before the Sources section."""
        text, _, _ = self.markdown.partition("## Sources")
        return {int(number) for number in _REFERENCE.findall(text)}

    @property
    def body_html(self) -> str:
        """The rendered sheet up to its Sources section, so a page can put a box before them."""
        return self.html.partition(_SOURCES_HEADING)[0]

    @property
    def sources_html(self) -> str:
        _head, found, tail = self.html.partition(_SOURCES_HEADING)
        return found + tail

    @property
    def sources(self) -> list[str]:
        """Lines of the Sources section (one numbered entry each)."""
        _, _, tail = self.markdown.partition("## Sources")
        return [line for line in tail.splitlines() if re.match(r"^\d{1,2}\. ", line)]


def _markdown() -> MarkdownIt:
    # "js-default" = CommonMark with tables and strikethrough, raw HTML off, links validated.
    return MarkdownIt("js-default", {"linkify": False, "typographer": False})


def parse_sheet(slug: str, lang: str, text: str) -> Sheet:
    """Read one sheet file; a malformed header is a packaging error, raised at once."""
    match = _HEADER.match(text.replace("\r\n", "\n"))
    if match is None:
        raise ValueError(f"guide {slug}.{lang}: missing the --- header block")
    fields = dict(line.split(":", 1) for line in match["header"].splitlines() if ":" in line)
    body = match["body"].strip() + "\n"
    html, urgent_anchor = _render(body)
    reviewed = fields.get("reviewed", "").strip()
    return Sheet(
        slug=slug,
        lang=lang,
        title=fields["title"].strip(),
        summary=fields.get("summary", "").strip(),
        order=int(fields.get("order", "99")),
        markdown=body,
        html=_external_links(html),
        reviewed=_review_date(slug, lang, reviewed) if reviewed else None,
        reporting=fields.get("reporting", "").strip() == "yes",
        urgent_anchor=urgent_anchor,
    )


def _review_date(slug: str, lang: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"guide {slug}.{lang}: reviewed must be YYYY-MM-DD, not {text!r}"
        ) from None


def slug_of(text: str) -> str:
    """``Les risques`` → ``les-risques``; accents dropped, anything else becomes one hyphen."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def _render(body: str) -> tuple[str, str]:
    """HTML of a sheet body, and the ``id`` of the section whose first emergency box it holds."""
    md = _markdown()
    tokens = md.parse(body)
    seen: set[str] = set()
    section = urgent = ""
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            anchor = _unique(slug_of(tokens[index + 1].content), seen)
            token.attrSet("id", anchor)
            section = anchor if token.tag == "h2" else section
        elif token.type in ("blockquote_open", "blockquote_close"):
            _as_emergency_box(token)
            if token.type == "blockquote_open" and not urgent:
                urgent = section
    return md.renderer.render(tokens, md.options, {}), urgent


def _unique(anchor: str, seen: set[str]) -> str:
    candidate, number = anchor, 2
    while candidate in seen:
        candidate, number = f"{anchor}-{number}", number + 1
    seen.add(candidate)
    return candidate


def _as_emergency_box(token: Token) -> None:
    token.tag = "div"
    if token.nesting == 1:
        token.attrSet("class", "notice notice--warning urgence")


def _external_links(html: str) -> str:
    """Sources open official sites: mark them so and send no referrer."""
    return html.replace('<a href="http', '<a rel="noopener noreferrer external" href="http')


@cache
def all_sheets() -> dict[tuple[str, str], Sheet]:
    sheets = {}
    for path in sorted(CONTENT_DIR.glob("*.md")):
        slug, _, lang = path.stem.rpartition(".")
        if lang in LANGUAGES and SLUG_PATTERN.match(slug):
            sheets[(slug, lang)] = parse_sheet(slug, lang, path.read_text(encoding="utf-8"))
    return sheets
