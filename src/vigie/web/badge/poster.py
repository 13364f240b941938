"""The A4 waiting-room poster: the physician's registry name and RPPS number, a QR code to their
practitioner page, the short link to type instead, and their confirmed accounts.

WeasyPrint is imported only when a poster is rendered (loading Pango costs ~0.3 s at start-up)
and may fetch nothing but the QR code, served from memory under ``vigie-qr:code`` (no file, no
network).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vigie.accounts.badge import BadgeHolder
from vigie.reports.evidence import refuse_truncated_images
from vigie.web.badge.qr import qr_png
from vigie.web.badge.render import BadgeLinks, environment

QR_URL = "vigie-qr:code"
MAX_ACCOUNTS = 3  # more would push the poster onto a second page; the page lists them all


def poster_html(holder: BadgeHolder, links: BadgeLinks, today: dt.date) -> str:
    template = environment().get_template("poster.html")
    return template.render(
        h=holder, links=links, today=today, qr_src=QR_URL, max_accounts=MAX_ACCOUNTS
    )


def render_poster(holder: BadgeHolder, links: BadgeLinks, today: dt.date) -> bytes:
    """The poster as a one-page A4 PDF."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    refuse_truncated_images()  # the import above relaxed Pillow for the whole process
    code = qr_png(links.page_url)

    class _QrOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url != QR_URL:
                raise URLFetchingError(f"refused to fetch {url[:80]}")
            return URLFetcherResponse(url, code, {"Content-Type": "image/png"})

    html = poster_html(holder, links, today)
    pdf: bytes = HTML(string=html, url_fetcher=_QrOnly()).write_pdf()
    refuse_truncated_images()
    return pdf
