"""The dossier as HTML and PDF: one letter per authority (``dossier.html``) and, for the platform,
the DSA notice alone (``notice.html``).

WeasyPrint may fetch nothing but the annexes' pictures, served from memory under ``vigie-annex:N``
(no file, no network). Every page carries its number and the dossier's fingerprint.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from vigie.reports import annexes as annex_files
from vigie.reports.dossier_text import french_time
from vigie.reports.evidence import refuse_truncated_images
from vigie.reports.history import EVENT_LABELS
from vigie.reports.schemas import ACT_LABELS
from vigie.reports.schemas_dossier import Dossier
from vigie.reports.storage import EvidenceStorage
from vigie.reports.timestamps import authority

TEMPLATES = Path(__file__).parent / "templates"
SCHEME = "vigie-annex:"
MEDIA_LABELS = {
    "image/png": "image PNG",
    "image/jpeg": "image JPEG",
    "image/webp": "image WebP",
    "application/pdf": "document PDF",
}


def french_size(size: int) -> str:
    """``812 o``, ``12,3 ko``, ``4,1 Mo`` (French decimal comma)."""
    if size < 1000:
        return f"{size} o"
    value, unit = (size / 1000, "ko") if size < 1_000_000 else (size / 1_000_000, "Mo")
    return f"{value:.1f} {unit}".replace(".", ",")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters |= {
        "frtime": french_time,
        "size": french_size,
        "media": lambda t: MEDIA_LABELS.get(t, t),
        "event": lambda k: EVENT_LABELS.get(k, k),
    }
    return env


def render_html(dossier: Dossier, problems: dict[int, str] | None = None) -> str:
    """``problems``: why an image annex is not shown (by annex number); pictures of the others
    are linked as ``vigie-annex:N``."""
    data = dossier.model_dump(mode="json")
    name = "notice.html" if dossier.notice is not None else "dossier.html"
    template = _environment().get_template(name)
    return template.render(
        d=data,
        acts=ACT_LABELS,
        problems=problems or {},
        scheme=SCHEME,
        authorities=_authorities(dossier),
    )


def _authorities(dossier: Dossier) -> dict[int, str]:
    """The TSA's name per annex, read from its token (the JSON keeps the TSA's URL)."""
    found = {}
    for item in dossier.evidence or []:
        if item.timestamp is not None:
            found[item.annex] = authority(base64.b64decode(item.timestamp.token_b64))
    return found


def pictures(dossier: Dossier, storage: EvidenceStorage) -> dict[int, annex_files.Picture]:
    found: dict[int, annex_files.Picture] = {}
    for item in dossier.evidence or []:
        if not item.media_type.startswith("image/"):
            continue
        annex = annex_files.Annex(item.annex, item.report_id, item, None, False)
        found[item.annex] = annex_files.picture(storage, annex)
    return found


def render_pdf(dossier: Dossier, storage: EvidenceStorage) -> bytes:
    """The dossier as PDF, images embedded as numbered annexes."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s at start-up
    from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

    refuse_truncated_images()  # the import above relaxed Pillow for the whole process
    shown = pictures(dossier, storage)
    problems = {n: p.problem for n, p in shown.items() if p.data is None}

    class _AnnexesOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            picture = shown.get(_annex_number(url))
            if picture is None or picture.data is None:
                raise URLFetchingError(f"refused to fetch {url[:80]}")
            return URLFetcherResponse(url, picture.data, {"Content-Type": "image/jpeg"})

    html = render_html(dossier, problems)
    pdf: bytes = HTML(string=html, url_fetcher=_AnnexesOnly()).write_pdf()
    refuse_truncated_images()
    return pdf


def _annex_number(url: str) -> int:
    tail = url.removeprefix(SCHEME) if url.startswith(SCHEME) else ""
    return int(tail) if tail.isdigit() else -1
