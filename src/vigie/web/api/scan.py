"""JSON API of the scan domain under ``/api/v1``: score one post, a list of posts, or an account.

Thin edge: validate (Pydantic limits: 10,000 characters per text, 1,000 posts per request;
``VIGIE_SCAN_MAX_CHARS`` of text and bios in all), call
the scanner, return its results. Cross-checks use the live registry when one is loaded.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from vigie.scan.registry_lookup import RegistryLookup, current_registry
from vigie.scan.schemas import MAX_POSTS_PER_REQUEST, AccountIn, AccountResult, PostIn, PostResult
from vigie.scan.services import scanner_for
from vigie.web.deps import SessionDep, SettingsDep
from vigie.web.limits import RequestTooLarge

router = APIRouter(prefix="/api/v1", tags=["scan"])

PostList = Annotated[list[PostIn], Field(min_length=1, max_length=MAX_POSTS_PER_REQUEST)]
UseRegistry = Annotated[
    bool, Query(description="Cross-check claimed numbers and names against the registry.")
]


def _within_budget(settings: SettingsDep, posts: list[PostIn], bio: str | None = None) -> None:
    """Scanning costs CPU per character: one request may carry ``VIGIE_SCAN_MAX_CHARS`` in all
    (bodies are capped while they stream by ``vigie.web.limits``)."""
    chars = len(bio or "") + sum(len(p.text) + len(p.bio or "") for p in posts)
    if chars > settings.scan_max_chars:
        raise RequestTooLarge(
            f"Trop de texte pour une seule analyse ({chars} caractères, au plus "
            f"{settings.scan_max_chars}) : envoyez les publications en plusieurs fois.",
            details={"characters": chars, "limit": settings.scan_max_chars},
        )


def _registry(session: SessionDep, settings: SettingsDep, use: bool) -> RegistryLookup | None:
    return current_registry(session, settings) if use else None


@router.post(
    "/scan",
    response_model=PostResult | list[PostResult],
    summary="Score one post, or a list of at most 1,000 posts, for fake-injector risk",
)
def scan(
    body: PostIn | PostList,
    session: SessionDep,
    settings: SettingsDep,
    registry: UseRegistry = True,
) -> PostResult | list[PostResult]:
    _within_budget(settings, body if isinstance(body, list) else [body])
    lookup = _registry(session, settings, registry)
    scanner = scanner_for(settings)
    if isinstance(body, list):
        return list(scanner.scan_posts(body, registry=lookup))
    return scanner.scan_post(body, registry=lookup)


@router.post(
    "/scan/account", response_model=AccountResult, summary="Score an account (handle, bio, posts)"
)
def scan_account(
    body: AccountIn,
    session: SessionDep,
    settings: SettingsDep,
    registry: UseRegistry = True,
) -> AccountResult:
    _within_budget(settings, body.posts, body.bio)
    return scanner_for(settings).scan_account(body, registry=_registry(session, settings, registry))
