"""Every French string of the reports and accounts pages has its English text (pure, no database)."""

from __future__ import annotations

import re

from vigie.reports.schemas import ACT_LABELS
from vigie.reports.workflow import DESTINATION_LABELS, OUTCOME_LABELS, STATUS_LABELS
from vigie.web.i18n import catalogue
from vigie.web.pages.stats import CHARTS
from vigie.web.paths import TEMPLATES_DIR

LITERAL = re.compile(r"""_\((["'])(.*?)\1\)""")
TEMPLATES = [
    "report_form.html",
    "report_track.html",
    "stats.html",
    *(f"auth/{p.name}" for p in (TEMPLATES_DIR / "auth").glob("*.html")),
    *(f"moderation/{p.name}" for p in (TEMPLATES_DIR / "moderation").glob("*.html")),
]


def test_every_reports_page_string_has_an_english_translation() -> None:
    strings = set()
    for name in TEMPLATES:
        strings |= {m.group(2) for m in LITERAL.finditer((TEMPLATES_DIR / name).read_text())}
    for labels in (STATUS_LABELS, OUTCOME_LABELS, DESTINATION_LABELS, ACT_LABELS):
        strings |= set(labels.values())
    strings |= {title for _, title, _ in CHARTS}
    assert sorted(strings - set(catalogue("en"))) == []
