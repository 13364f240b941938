"""What the accounts domain returns to the API: users, identity claims, roles."""

from __future__ import annotations

from pydantic import BaseModel


class UserRow(BaseModel):
    user_id: int
    email: str
    role: str
    active: bool
    rpps_status: str


class UserList(BaseModel):
    users: list[UserRow]


class IdentityClaim(BaseModel):
    rpps: str
    status: str


class IdentityDecision(BaseModel):
    user_id: int
    status: str


class LinkedAccount(BaseModel):
    account: str


class RoleChange(BaseModel):
    user_id: int
    role: str
    active: bool
