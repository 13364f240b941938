"""JSON API of the accounts domain under ``/api/v1``: a physician's identity claim and its
confirmation, claims of social-media accounts and their confirmation, and the admins' user list and roles (bearer token,
one permission per route)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field, StrictBool

from vigie.accounts import handles, identity
from vigie.accounts import services as accounts
from vigie.accounts.permissions import Permission, Role
from vigie.accounts.schemas import (
    IdentityClaim,
    IdentityDecision,
    RoleChange,
    UserList,
)
from vigie.accounts.schemas_handles import HandleClaimList, HandleClaimOut
from vigie.accounts.services import CurrentUser
from vigie.db.retry import run_with_retry
from vigie.errors import Conflict, NotFound, PermissionDenied
from vigie.web.api.params import RPPS, DbId, PlatformChoice, refusals_as, session_factory
from vigie.web.authn import require
from vigie.web.deps import SessionDep

router = APIRouter(prefix="/api/v1", tags=["accounts"])

Claimant = Annotated[CurrentUser, Depends(require(Permission.IDENTITY_CLAIM, api=True))]
Confirmer = Annotated[CurrentUser, Depends(require(Permission.IDENTITY_CONFIRM, api=True))]
Admin = Annotated[CurrentUser, Depends(require(Permission.USER_MANAGE, api=True))]
HandleOwner = Annotated[CurrentUser, Depends(require(Permission.HANDLE_LINK, api=True))]
HandleConfirmer = Annotated[CurrentUser, Depends(require(Permission.HANDLE_CONFIRM, api=True))]


class ClaimIn(BaseModel):
    rpps: str = Field(
        max_length=40, pattern=RPPS, description="11 digits (or 12: 8 + RPPS), no separator."
    )


@router.post(
    "/me/identity",
    response_model=IdentityClaim,
    responses={
        404: {
            "description": "No physician has this number: its check digit is wrong, "
            "or the current registry holds no physician with it."
        }
    },
    summary="Claim a physician's identity (RPPS number)",
)
def post_identity(body: ClaimIn, request: Request, user: Claimant) -> IdentityClaim:
    with refusals_as(NotFound):  # the shape is the schema's: what is left names nobody
        rpps = run_with_retry(
            session_factory(request), lambda s: identity.claim_rpps(s, user, body.rpps)
        )
    return IdentityClaim(rpps=rpps, status="pending")


class ConfirmIn(BaseModel):
    accept: StrictBool


@router.post(
    "/users/{user_id}/identity",
    response_model=IdentityDecision,
    summary="Confirm or reject a physician's identity claim",
)
def post_identity_decision(
    user_id: DbId, body: ConfirmIn, request: Request, user: Confirmer
) -> IdentityDecision:
    status = run_with_retry(
        session_factory(request),
        lambda s: identity.confirm_rpps(s, user, user_id, accept=body.accept),
    )
    return IdentityDecision(user_id=user_id, status=status)


class HandleIn(BaseModel):
    platform: PlatformChoice = Field(
        default="", description="Empty (or auto) when account is a profile link or a phone."
    )
    account: str = Field(
        max_length=300,
        description="@handle, profile URL or phone. Its grammar (each platform's names, links, "
        "reserved pages) is the domain's: a text naming no account is a 422 saying what to paste.",
    )


@router.post(
    "/me/handles",
    status_code=201,
    response_model=HandleClaimOut,
    summary="Claim one of your social-media accounts (pending until a moderator confirms it)",
)
def post_handle(body: HandleIn, request: Request, user: HandleOwner) -> HandleClaimOut:
    claim = run_with_retry(
        session_factory(request),
        lambda s: handles.claim_handle(s, user, body.platform, body.account),
    )
    return HandleClaimOut.of(claim)


@router.get("/me/handles", response_model=HandleClaimList, summary="Your account claims")
def get_my_handles(session: SessionDep, user: HandleOwner) -> HandleClaimList:
    return HandleClaimList(
        claims=[HandleClaimOut.of(c) for c in handles.claims_of(session, user.id)]
    )


@router.delete(
    "/me/handles/{claim_id}",
    status_code=204,
    response_class=Response,
    summary="Withdraw one of your account claims (confirmed ones too)",
)
def delete_my_handle(claim_id: DbId, request: Request, user: HandleOwner) -> Response:
    run_with_retry(session_factory(request), lambda s: handles.withdraw_claim(s, user, claim_id))
    return Response(status_code=204)


@router.get(
    "/handles",
    response_model=HandleClaimList,
    summary="Account claims awaiting a moderator, oldest first",
)
def get_pending_handles(session: SessionDep, _user: HandleConfirmer) -> HandleClaimList:
    pending = handles.pending_handle_claims(session)
    return HandleClaimList(claims=[HandleClaimOut.of(p.claim) for p in pending])


@router.post(
    "/handles/{claim_id}/decision",
    response_model=HandleClaimOut,
    summary="Confirm or reject an account claim (moderators)",
)
def post_handle_decision(
    claim_id: DbId, body: ConfirmIn, request: Request, user: HandleConfirmer
) -> HandleClaimOut:
    with refusals_as(Conflict):  # already decided, or the claimant's identity is not confirmed
        claim = run_with_retry(
            session_factory(request),
            lambda s: handles.decide_claim(s, user, claim_id, accept=body.accept),
        )
    return HandleClaimOut.of(claim)


@router.get("/users", response_model=UserList, summary="Users and their roles (admins)")
def get_users(session: SessionDep, _user: Admin) -> UserList:
    return UserList(users=accounts.list_users(session))


class RoleIn(BaseModel):
    # The real constraints in the schema: one of the roles, a JSON boolean (not 0 or "yes").
    role: Role
    active: StrictBool = True


@router.post(
    "/users/{user_id}/role",
    response_model=RoleChange,
    responses={
        403: {
            "description": "Not an admin, or the admin's own account (an admin cannot "
            "demote or deactivate themselves)."
        }
    },
    summary="Change a user's role or deactivate them (admins)",
)
def post_role(user_id: DbId, body: RoleIn, request: Request, user: Admin) -> RoleChange:
    if user_id == user.id:  # a well-formed request this caller may not make: forbidden, not invalid
        raise PermissionDenied("You cannot change your own role.")
    role = run_with_retry(
        session_factory(request),
        lambda s: accounts.set_role(s, user, user_id, body.role.value, active=body.active),
    )
    return RoleChange(user_id=user_id, role=role, active=body.active)
