"""The physician's verification badge: downloads from their space, and the two public addresses a
badge points to.

- ``GET /compte/badge/affiche.pdf`` and ``GET /compte/badge/badge.svg``: the signed-in physician's
  A4 poster and website badge (a clear refusal page until a moderator confirmed their RPPS);
- ``GET /m/{rpps}``: the short link, a 303 to ``/praticien/{rpps}``;
- ``GET /badge/{rpps}.svg``: the badge for a website to embed.

The two public ones answer only for a confirmed physician (``vigie.accounts.badge``), 404 for any
other number, so a badge made up for someone else leads nowhere. Absolute links use
``VIGIE_PUBLIC_URL``, or when it is empty the address the request came to.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from vigie.accounts.badge import (
    BadgeHolder,
    badge_holder,
    own_badge_holder,
    public_badge_holder,
)
from vigie.accounts.permissions import Permission
from vigie.accounts.services import CurrentUser
from vigie.config import Settings
from vigie.dates import PARIS
from vigie.web.authn import require
from vigie.web.badge.poster import render_poster
from vigie.web.badge.render import BadgeLinks, badge_svg, embed_snippet, links_for
from vigie.web.deps import SessionDep

router = APIRouter(include_in_schema=False)

Physician = Annotated[CurrentUser, Depends(require(Permission.HANDLE_LINK))]
SVG = "image/svg+xml"
PUBLIC_SVG_HEADERS = {
    # A website embeds it with <img>: readable cross-origin, never a document that runs anything.
    "cross-origin-resource-policy": "cross-origin",
    "content-security-policy": "default-src 'none'",
    "cache-control": "public, max-age=3600",
}


def _base_url(request: Request) -> str:
    """``VIGIE_PUBLIC_URL`` when set (what a printed poster must carry), else this request's."""
    settings: Settings = request.app.state.settings
    return (settings.public_url or str(request.base_url)).rstrip("/")


def _links(request: Request, holder: BadgeHolder) -> BadgeLinks:
    return links_for(_base_url(request), holder)


def public_svg_url(request: Request, rpps: str) -> str:
    return _base_url(request) + f"/badge/{rpps}.svg"


def account_badge(request: Request, session: Session, rpps: str | None) -> dict[str, str] | None:
    """What the account page shows of the badge (the short link, the HTML to embed), or ``None``
    while the user's RPPS is not confirmed."""
    holder = badge_holder(session, rpps) if rpps else None
    if holder is None:
        return None
    links = _links(request, holder)
    snippet = embed_snippet(holder, links, public_svg_url(request, holder.rpps))
    return {"short_url": links.short_url, "short_text": links.short_text, "embed": snippet}


def _download(body: bytes, media_type: str, filename: str) -> Response:
    headers = {"content-disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)


@router.get("/compte/badge/affiche.pdf")
def poster_pdf(request: Request, session: SessionDep, user: Physician) -> Response:
    holder = own_badge_holder(session, user.id)
    today = dt.datetime.now(PARIS).date()
    pdf = render_poster(holder, _links(request, holder), today)
    return _download(pdf, "application/pdf", f"vigie-affiche-{holder.rpps}.pdf")


@router.get("/compte/badge/badge.svg")
def own_badge_svg(request: Request, session: SessionDep, user: Physician) -> Response:
    holder = own_badge_holder(session, user.id)
    svg = badge_svg(holder, _links(request, holder)).encode("utf-8")
    return _download(svg, SVG, f"vigie-badge-{holder.rpps}.svg")


@router.get("/badge/{rpps}.svg")
def public_badge(request: Request, session: SessionDep, rpps: str) -> Response:
    holder = public_badge_holder(session, rpps)
    svg = badge_svg(holder, _links(request, holder))
    return Response(svg.encode("utf-8"), media_type=SVG, headers=PUBLIC_SVG_HEADERS)


@router.get("/m/{rpps}")
def short_link(session: SessionDep, rpps: str) -> Response:
    holder = public_badge_holder(session, rpps)
    return RedirectResponse(f"/praticien/{holder.rpps}", status_code=303)
