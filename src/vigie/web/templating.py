"""One Jinja environment for every page: autoescaping on, ``_`` for translation, ``csrf_token``.

Pages call ``render(request, "name.html", context)``; the language and the CSRF token come from the
request, so templates need no plumbing of their own.
"""

from __future__ import annotations

from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse

from vigie.accounts.permissions import role_label
from vigie.dates import compact_datetime, french_date, iso_day
from vigie.reports.addressees import english_short
from vigie.web.csrf import csrf_token
from vigie.web.i18n import colon, page_url, quoted, registry_label, request_language, translate
from vigie.web.paths import TEMPLATES_DIR
from vigie.web.scan_text import claim_text, signal_text

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.globals["french_date"] = french_date  # "1er décembre 2026", Paris time
templates.env.globals["role_label"] = role_label  # "Médecin", not "physician"
templates.env.globals["english_addressee"] = english_short  # "the Gironde council of the Ordre…"
templates.env.globals["page_url"] = page_url  # canonical, hreflang and og:url (base.html)


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status_code: int = 200
) -> HTMLResponse:
    lang = request_language(request)
    full: dict[str, Any] = {
        "lang": lang,
        "_": lambda text: translate(text, lang),
        "colon": colon(lang),  # "Profession : …" / "Profession: …"
        "quoted": lambda text: quoted(text, lang),  # « … » / “…”
        "csrf_token": csrf_token(request),
        # Moderators' times: "2 déc. 2026, 10:14", Paris time (the <time> element keeps the ISO).
        "when": lambda value: compact_datetime(value, lang),
        "iso_day": lambda text: iso_day(text, lang),
        # A stored scan (a case's) said in the page's language: (text, its language).
        "scan_reason": lambda signal, explanation: signal_text(signal, explanation, lang),
        "scan_check": lambda claim: claim_text(claim, lang),
        "registry_label": lambda text: registry_label(text, lang),  # "Infirmier" → "Nurse"
        **(context or {}),
    }
    return templates.TemplateResponse(request, name, full, status_code=status_code)
