"""Sign-up, password change and password reset, each answering the same whoever asks.

- **Sign-up** asks for an address only and mails a one-time link (``links``) to choose a password;
  the account exists once that link is used, so nobody can create an account in someone else's
  name, and an address that already has one is mailed a reset link instead. The page says the
  same in both cases: it never tells whether an address is registered.
- **Password reset** ("mot de passe oublié") mails a reset link to a registered, active address
  and nothing to any other; the page says the same either way.
- **Changing or resetting a password** ends every session of the user (``sessions.revoke_all``)
  and revokes every API token of theirs: a new password answers a password someone else may know,
  and whoever knew it may have had a moderator's token too (tokens reach reporters' e-mails and
  evidence); the operator issues a new one (``vigie users token``). The route opens a fresh
  session for the browser that made the change, issued at the returned cutoff.

Mail is returned as ``OutgoingMail`` for the route to queue (``vigie.accounts.mail``); a counter
per address keeps anyone from flooding a mailbox through these forms.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vigie.accounts import links, mail, sessions, signin_throttle
from vigie.accounts.counters import hit
from vigie.accounts.links import Purpose
from vigie.accounts.mail import OutgoingMail, link_mail
from vigie.accounts.models import ApiToken, User
from vigie.accounts.passwords import check_strength, hash_password, verify_password
from vigie.accounts.permissions import Role
from vigie.accounts.services import CurrentUser, create_user, current, normalise_email
from vigie.config import Settings
from vigie.errors import Conflict, InvalidInput, RateLimited

MAILS_PER_ADDRESS = 5  # per login_window_seconds, whatever the form


def _limit_client(session: Session, settings: Settings, what: str, client: str) -> None:
    used = hit(session, f"{what}:{client}", settings.login_window_seconds)
    if used.count > settings.login_max_failures * 2:
        raise RateLimited(
            "Trop de demandes depuis cette adresse : réessayez plus tard.",
            details={"retry_after_seconds": used.retry_after},
        )


def _mailbox_allows(session: Session, settings: Settings, email: str) -> bool:
    return hit(session, f"mail:{email}", settings.login_window_seconds).count <= MAILS_PER_ADDRESS


def _active_user(session: Session, email: str) -> User | None:
    user = session.scalar(select(User).where(User.email == email))
    return user if user is not None and user.is_active else None


def sign_up(session: Session, settings: Settings, email: str, client: str) -> OutgoingMail | None:
    """The message that answers a sign-up for ``email`` (a link to choose a password, or a reset
    link when the address has an account); ``None`` when the mailbox had enough for now."""
    _limit_client(session, settings, "signup", client)
    address = normalise_email(email)
    if not _mailbox_allows(session, settings, address):
        return None
    existing = session.scalar(select(User).where(User.email == address))
    if existing is not None:
        if not existing.is_active:
            return None
        link_id, nonce = links.issue(session, Purpose.RESET, address, user_id=existing.id)
        return link_mail(mail.EXISTS, address, link_id, nonce)
    link_id, nonce = links.issue(session, Purpose.SIGNUP, address)
    return link_mail(mail.SIGNUP, address, link_id, nonce)


def request_reset(
    session: Session, settings: Settings, email: str, client: str
) -> OutgoingMail | None:
    """A reset link for a registered, active address; ``None`` for any other (same page)."""
    _limit_client(session, settings, "reset", client)
    address = normalise_email(email)
    user = _active_user(session, address)
    if user is None or not _mailbox_allows(session, settings, address):
        return None
    link_id, nonce = links.issue(session, Purpose.RESET, address, user_id=user.id)
    return link_mail(mail.RESET, address, link_id, nonce)


def check_new_password(password: str, confirmation: str, email: str) -> None:
    if password != confirmation:
        raise InvalidInput(
            "Les deux mots de passe saisis ne sont pas identiques.",
            details={"field": "confirmation"},
        )
    check_strength(password, email)


LINK_EXPIRED = (
    "Ce lien n'est plus valable (déjà utilisé, expiré ou incomplet). Demandez-en un nouveau."
)


def _link_expired() -> InvalidInput:
    return InvalidInput(LINK_EXPIRED, details={"field": "jeton"})


def confirm_sign_up(
    session: Session, settings: Settings, token: str, password: str, confirmation: str
) -> CurrentUser:
    """Create the account the link was mailed for, with the password chosen now."""
    found = links.peek(session, settings, Purpose.SIGNUP, token)
    if found is None:
        raise _link_expired()
    check_new_password(password, confirmation, found.email)
    if links.consume(session, settings, Purpose.SIGNUP, token) is None:
        raise _link_expired()
    links.retire(session, found.email, Purpose.SIGNUP)
    try:
        return create_user(session, found.email, password, Role.REPORTER.value)
    except Conflict:
        raise Conflict(
            "Un compte existe déjà pour cette adresse : connectez-vous, ou choisissez un nouveau "
            "mot de passe avec « Mot de passe oublié »."
        ) from None


def reset_password(
    session: Session, settings: Settings, token: str, password: str, confirmation: str
) -> tuple[CurrentUser, int]:
    """Set the password the reset link allows; ends every session and API token (returns the
    cutoff, ms)."""
    found = links.peek(session, settings, Purpose.RESET, token)
    user = session.get(User, found.user_id) if found and found.user_id else None
    if found is None or user is None or not user.is_active:
        raise _link_expired()
    check_new_password(password, confirmation, user.email)
    if links.consume(session, settings, Purpose.RESET, token) is None:
        raise _link_expired()
    links.retire(session, user.email, Purpose.RESET)
    signin_throttle.forget_account(session, user.email)
    return current(user), _replace(session, user, password)


def _replace(session: Session, user: User, password: str) -> int:
    user.password_hash = hash_password(password)
    cutoff = sessions.now_ms() + 1
    sessions.revoke_all(session, user.id, cutoff - 1)
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
        .values(revoked=True)
    )
    return cutoff


def claim_change_try(session: Session, settings: Settings, user: CurrentUser) -> None:
    """Count one password-change try, in a transaction of its own *before* ``change_password``
    (whose refusals roll back): a stolen session cannot guess the current password at will."""
    tries = hit(session, f"password-change:{user.id}", settings.login_window_seconds)
    if tries.count > settings.login_max_failures:
        raise RateLimited(
            "Trop d'essais de changement de mot de passe : réessayez plus tard.",
            details={"retry_after_seconds": tries.retry_after},
        )


def change_password(
    session: Session, user: CurrentUser, current_password: str, password: str, confirmation: str
) -> int:
    """The signed-in user's new password, after the current one (tries counted by
    ``claim_change_try``); every session and API token of theirs ends (the caller reopens a
    session for this browser at the returned cutoff, ms)."""
    row = session.get(User, user.id)
    if row is None or not verify_password(row.password_hash, current_password):
        raise InvalidInput(
            "Le mot de passe actuel n'est pas le bon.", details={"field": "current_password"}
        )
    check_new_password(password, confirmation, row.email)
    if password == current_password:
        raise InvalidInput(
            "Le nouveau mot de passe doit être différent de l'actuel.",
            details={"field": "password"},
        )
    links.retire(session, row.email, Purpose.RESET)
    return _replace(session, row, password)


def sign_in_with_link(session: Session, settings: Settings, token: str) -> CurrentUser:
    """Finish a challenged sign-in (``services.authenticate``): the mailed link, used once."""
    found = links.consume(session, settings, Purpose.SIGNIN, token)
    user = session.get(User, found.user_id) if found and found.user_id else None
    if found is None or user is None or not user.is_active:
        raise _link_expired()
    signin_throttle.succeeded(session, user.email, found.client)
    return current(user)
