"""The e-mails of the accounts domain and their words: confirm a sign-up, an account that already
exists, choose a new password, finish a sign-in.

The accounts domain sits below ``reports`` (which owns the outbox), so it never queues mail
itself: its operations return an ``OutgoingMail`` and the route queues it in the same
transaction. Links are built when the message is rendered, from ``VIGIE_PUBLIC_URL`` and never from
the request's ``Host`` header (which would let anyone have a reset link point to their own site).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import JsonValue

from vigie.accounts.links import LIFETIMES, Purpose, link_token
from vigie.config import Settings

SIGNUP = "account_signup"
EXISTS = "account_exists"
RESET = "password_reset"
SIGNIN = "signin_link"

PATHS = {
    SIGNUP: "/inscription/confirmer",
    EXISTS: "/mot-de-passe/nouveau",
    RESET: "/mot-de-passe/nouveau",
    SIGNIN: "/connexion/lien",
}
_PURPOSES = {SIGNUP: Purpose.SIGNUP, EXISTS: Purpose.RESET, RESET: Purpose.RESET}
TEMPLATES = frozenset(PATHS)

_IGNORE = (
    "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne change "
    "tant que le lien n'est pas utilisé."
)


@dataclass(frozen=True)
class OutgoingMail:
    """A message for the outbox (``vigie.reports.outbox.enqueue`` takes these fields)."""

    dedupe_key: str
    to: str
    template: str
    params: dict[str, JsonValue]


def link_mail(template: str, to: str, link_id: int, nonce: str) -> OutgoingMail:
    return OutgoingMail(f"account-link:{link_id}", to, template, {"nonce": nonce})


def _minutes(template: str) -> int:
    return LIFETIMES[_PURPOSES.get(template, Purpose.SIGNIN)] // 60


def _lifetime(template: str) -> str:
    minutes = _minutes(template)
    return f"{minutes // 60} heures" if minutes >= 120 else f"{minutes} minutes"


def render(template: str, params: dict[str, JsonValue], settings: Settings) -> tuple[str, str]:
    """Subject and body (``vigie.reports.outbox.Renderer``) of one of ``TEMPLATES``."""
    base = settings.public_url.rstrip("/")
    link = f"{base}{PATHS[template]}?jeton={link_token(settings, str(params['nonce']))}"
    valid = f"Ce lien est valable {_lifetime(template)} et ne sert qu'une fois."
    if template == SIGNUP:
        subject = "Confirmez la création de votre compte Vigie"
        lead = (
            "Pour créer votre compte Vigie avec cette adresse, ouvrez ce lien et choisissez "
            "votre mot de passe :"
        )
    elif template == EXISTS:
        subject = "Vous avez déjà un compte Vigie"
        lead = (
            "Quelqu'un (vous, sans doute) a voulu créer un compte Vigie avec cette adresse, qui en "
            "a déjà un. Connectez-vous avec votre mot de passe ; si vous l'avez oublié, ce lien "
            "permet d'en choisir un nouveau :"
        )
    elif template == RESET:
        subject = "Choisir un nouveau mot de passe Vigie"
        lead = "Pour choisir un nouveau mot de passe pour votre compte Vigie, ouvrez ce lien :"
    else:
        subject = "Votre lien de connexion à Vigie"
        lead = (
            "Après plusieurs essais de mot de passe infructueux depuis votre appareil, la "
            "connexion à votre compte Vigie se confirme par e-mail. Pour vous connecter, ouvrez "
            "ce lien dans le navigateur où vous avez saisi votre mot de passe :"
        )
    body = f"Bonjour,\n\n{lead}\n\n{link}\n\n{valid} {_IGNORE}\n\n— L'équipe Vigie\n"
    return f"{subject} — Vigie", body
