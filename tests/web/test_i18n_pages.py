"""Every French string the public pages translate has its English text (pure, no database)."""

from __future__ import annotations

import re

import pytest

from vigie.registry.identifiers import check_identifier
from vigie.registry.search.directory import RANKING
from vigie.web import directory
from vigie.web.i18n import catalogue
from vigie.web.pages import analyse, html_errors, present
from vigie.web.pages.site import safe_next
from vigie.web.paths import TEMPLATES_DIR

PAGE_TEMPLATES = [
    "base.html",
    "_macros.html",
    "home.html",
    "result.html",
    "practitioner.html",
    "account.html",
    "verify_empty.html",
    "directory.html",
    "guides.html",
    "guide.html",
    "analyse.html",
    "error.html",
]
LITERAL = re.compile(r"""_\((["'])(.*?)\1\)""")


def _template_strings() -> set[str]:
    found = set()
    for name in PAGE_TEMPLATES:
        found |= {m.group(2) for m in LITERAL.finditer((TEMPLATES_DIR / name).read_text())}
    return found


def _code_strings() -> set[str]:
    labels = {label for _, label in present.ACTS}
    labels |= {style.label for style in present.STATUS_STYLES.values()}
    labels |= set(present.LEGAL_LINES.values())
    labels |= {label for _, _, label in analyse.RISK_STYLES.values()} | {analyse.EMPTY}
    labels |= {RANKING, directory.UNKNOWN_PLACE}
    # Why a number is or is not one (the wrong-length reason is a template, see present).
    labels |= {
        check.reason
        for n in ("10000000009", "10000000001", "690000013", "690000012")
        if (check := check_identifier(n))
    }
    labels |= {
        "Un numéro RPPS compte 11 chiffres et un numéro ADELI 9 ; celui-ci en compte {count}."
    }
    return labels | set(html_errors.MESSAGES.values()) | {html_errors.DEFAULT_MESSAGE}


def test_every_page_string_has_an_english_translation() -> None:
    english = catalogue("en")
    missing = sorted((_template_strings() | _code_strings()) - set(english))
    assert missing == []


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/guides", "/guides"),
        ("/verifier?q=a&ville=b", "/verifier?q=a&ville=b"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
        ("guides", "/"),
        ("/x\r\nSet-Cookie: a=b", "/"),
    ],
)
def test_language_switch_only_returns_to_this_site(target: str, expected: str) -> None:
    assert safe_next(target) == expected
