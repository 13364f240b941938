"""JSON API of the scan domain under ``/api/v1``: score one post, a list of posts, or an account.

Thin edge: validate (Pydantic limits: 10,000 characters per text, 1,000 posts per request), call
the scanner, return its results. Cross-checks use the live registry when one is loaded.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import Field

from vigie.errors import InvalidInput
from vigie.scan.registry_lookup import RegistryLookup, current_registry
from vigie.scan.schemas import MAX_POSTS_PER_REQUEST, AccountIn, AccountResult, PostIn, PostResult
from vigie.scan.services import scanner_for
from vigie.web.deps import SessionDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["scan"])

MAX_BODY_BYTES = 16 * 1024 * 1024
PostList = Annotated[list[PostIn], Field(min_length=1, max_length=MAX_POSTS_PER_REQUEST)]
UseRegistry = Annotated[
    bool, Query(description="Cross-check claimed numbers and names against the registry.")
]


def _guard_size(request: Request) -> None:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise InvalidInput(
            f"Request body too large (limit {MAX_BODY_BYTES} bytes).",
            details={"limit": MAX_BODY_BYTES},
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
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    registry: UseRegistry = True,
) -> PostResult | list[PostResult]:
    _guard_size(request)
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
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    registry: UseRegistry = True,
) -> AccountResult:
    _guard_size(request)
    return scanner_for(settings).scan_account(body, registry=_registry(session, settings, registry))
