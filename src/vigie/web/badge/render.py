"""The badge's words and the Jinja environment of its templates (SVG and poster), French only: the
badge is shown to patients in France, on a physician's site or wall, whatever the viewer's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from vigie.accounts.badge import BadgeHolder, short_path
from vigie.dates import french_date

TEMPLATES = Path(__file__).parent / "templates"
HEADLINE = "Médecin vérifié par Vigie"
CALL = "Vérifier sur Vigie"
HEIGHT = 112


@dataclass(frozen=True)
class BadgeLinks:
    """Where a badge sends patients, as absolute URLs of this Vigie (from the request)."""

    page_url: str  # the practitioner page: what the QR code opens
    short_url: str  # the short link, for a bio or to type from the poster

    @property
    def short_text(self) -> str:
        """The short link as people type it: without ``https://``."""
        return self.short_url.split("://", 1)[-1]


def links_for(base_url: str, holder: BadgeHolder) -> BadgeLinks:
    base = base_url.rstrip("/")
    return BadgeLinks(f"{base}/praticien/{holder.rpps}", base + short_path(holder.rpps))


@cache
def environment() -> Environment:
    """Built once per process: compiling the templates costs more than rendering them."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals |= {"french_date": french_date, "headline": HEADLINE, "call": CALL}
    return env


def badge_title(holder: BadgeHolder) -> str:
    """The one sentence screen readers and search engines get for the badge."""
    profession = holder.profession.lower() or "médecin"
    return f"{holder.name}, {profession}, RPPS {holder.rpps} : identité vérifiée par Vigie"


def _text_width(text: str, size: float, bold: bool = False) -> int:
    """A generous estimate of a sans-serif line's width, so a long name never overflows."""
    return int(len(text) * size * (0.64 if bold else 0.58)) + 1


def badge_width(holder: BadgeHolder, links: BadgeLinks) -> int:
    """Wide enough for the badge's longest line (the name, or the short link)."""
    widths = [
        56 + _text_width(HEADLINE, 13, bold=True),
        56 + _text_width(holder.name, 16, bold=True),
        56 + _text_width(f"{holder.profession} · RPPS {holder.rpps}", 13),
        16 + _text_width(f"{CALL} : {links.short_text}", 12, bold=True),
    ]
    return max(300, max(widths) + 16)


def badge_svg(holder: BadgeHolder, links: BadgeLinks) -> str:
    """A self-contained SVG: no font, script, style or link to fetch; it scales (``viewBox``)."""
    context = {"h": holder, "links": links, "title": badge_title(holder)}
    size = {"width": badge_width(holder, links), "height": HEIGHT}
    return environment().get_template("badge.svg").render(**context, **size)


def embed_snippet(holder: BadgeHolder, links: BadgeLinks, svg_url: str) -> str:
    """The HTML a physician pastes into their website: the badge as a link to their page, shrunk
    to fit a phone's width rather than overflowing it."""
    context = {"links": links, "svg_url": svg_url, "title": badge_title(holder)}
    size = {"width": badge_width(holder, links), "height": HEIGHT}
    return environment().get_template("embed.html").render(**context, **size).strip()
