"""Permissions named ``scope:resource:action`` and roles as sets of them.

Every protected route declares the one permission it needs (``vigie.web.authn.require``); the
generic permission-matrix test walks the routes and checks each one as anonymous, reporter,
physician and moderator, so a route that forgets its declaration fails the suite.
"""

from __future__ import annotations

from enum import StrEnum

from vigie.errors import InvalidInput


class Permission(StrEnum):
    REPORT_CREATE = "reports:report:create"
    HANDLE_LINK = "accounts:handle:link"
    IDENTITY_CLAIM = "accounts:identity:claim"
    CASE_READ = "moderation:case:read"
    CASE_TRANSITION = "moderation:case:transition"
    CASE_MERGE = "moderation:case:merge"
    CASE_ASSIGN = "moderation:case:assign"
    REPORTER_INVALIDATE = "moderation:reporter:invalidate"
    CASE_EXPORT = "moderation:case:export"
    EVIDENCE_READ = "moderation:evidence:read"
    REPORTER_IDENTITY_READ = "moderation:reporter:read"
    IDENTITY_CONFIRM = "accounts:identity:confirm"
    HANDLE_CONFIRM = "accounts:handle:confirm"
    USER_MANAGE = "admin:user:manage"
    MAIL_MANAGE = "admin:mail:manage"  # given-up e-mails: see them, put them back in the queue


class Role(StrEnum):
    REPORTER = "reporter"
    PHYSICIAN = "physician"
    MODERATOR = "moderator"
    ADMIN = "admin"


_REPORTER = frozenset({Permission.REPORT_CREATE, Permission.HANDLE_LINK, Permission.IDENTITY_CLAIM})
_PHYSICIAN = _REPORTER
_MODERATOR = _PHYSICIAN | {
    Permission.CASE_READ,
    Permission.CASE_TRANSITION,
    Permission.CASE_MERGE,
    Permission.CASE_ASSIGN,
    Permission.REPORTER_INVALIDATE,
    Permission.CASE_EXPORT,
    Permission.EVIDENCE_READ,
    Permission.REPORTER_IDENTITY_READ,
    Permission.IDENTITY_CONFIRM,
    Permission.HANDLE_CONFIRM,
}

# How a role is named to people (pages show these, never the stored value).
ROLE_LABELS: dict[Role, str] = {
    Role.REPORTER: "Signalant",
    Role.PHYSICIAN: "Médecin",
    Role.MODERATOR: "Modérateur",
    Role.ADMIN: "Administrateur",
}


def role_label(role: str) -> str:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.REPORTER: _REPORTER,
    Role.PHYSICIAN: _PHYSICIAN,
    Role.MODERATOR: _MODERATOR,
    Role.ADMIN: frozenset(Permission),
}


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput(f"Unknown role {value!r}: choose one of {choices}.") from None


def has_permission(role: str, permission: Permission) -> bool:
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
