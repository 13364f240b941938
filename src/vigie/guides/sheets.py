"""Patient information sheets: Markdown files in ``content/``, French first, English second.

Each sheet is ``content/<slug>.<lang>.md`` and starts with a small header block::

    ---
    title: Mésothérapie
    summary: Ce que c'est, qui peut la pratiquer, les vrais risques.
    order: 1
    ---

The body is CommonMark (raw HTML disabled, so a sheet cannot inject markup) and ends with a
``## Sources`` section (``## Sources`` in both languages): every numbered reference ``[n]`` in the
text must have its entry there. The sheets are read once per process and rendered with markdown-it-py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt

CONTENT_DIR = Path(__file__).parent / "content"
LANGUAGES = ("fr", "en")
SLUG_PATTERN = re.compile(r"^[a-z0-9-]{1,60}$")
_HEADER = re.compile(r"\A---\n(?P<header>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
_REFERENCE = re.compile(r"\[(\d{1,2})\](?!\()")


@dataclass(frozen=True, slots=True)
class Sheet:
    slug: str
    lang: str
    title: str
    summary: str
    order: int
    markdown: str
    html: str

    @property
    def references(self) -> set[int]:
        """Numbers cited in the text before the Sources section."""
        text, _, _ = self.markdown.partition("## Sources")
        return {int(number) for number in _REFERENCE.findall(text)}

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
    return Sheet(
        slug=slug,
        lang=lang,
        title=fields["title"].strip(),
        summary=fields.get("summary", "").strip(),
        order=int(fields.get("order", "99")),
        markdown=body,
        html=_external_links(_markdown().render(body)),
    )


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
