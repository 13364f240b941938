"""The e-mails of the accounts domain and their words: confirm a sign-up, an account that already
exists, choose a new password, finish a sign-in — in French, or in English for someone who asked
from the English site (the route adds ``lang`` to the message's parameters; the link then opens
the English page).

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

_IGNORE = {
    "fr": (
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne change "
        "tant que le lien n'est pas utilisé."
    ),
    "en": (
        "If you did not ask for this, ignore this message: nothing changes unless the link is used."
    ),
}
# Subject and first paragraph of each message, per language.
_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "fr": {
        SIGNUP: (
            "Confirmez la création de votre compte Vigie",
            "Pour créer votre compte Vigie avec cette adresse, ouvrez ce lien et choisissez "
            "votre mot de passe :",
        ),
        EXISTS: (
            "Vous avez déjà un compte Vigie",
            "Quelqu'un (vous, sans doute) a voulu créer un compte Vigie avec cette adresse, qui en "
            "a déjà un. Connectez-vous avec votre mot de passe ; si vous l'avez oublié, ce lien "
            "permet d'en choisir un nouveau :",
        ),
        RESET: (
            "Choisir un nouveau mot de passe Vigie",
            "Pour choisir un nouveau mot de passe pour votre compte Vigie, ouvrez ce lien :",
        ),
        SIGNIN: (
            "Votre lien de connexion à Vigie",
            "Après plusieurs essais de mot de passe infructueux depuis votre appareil, la "
            "connexion à votre compte Vigie se confirme par e-mail. Pour vous connecter, ouvrez "
            "ce lien dans le navigateur où vous avez saisi votre mot de passe :",
        ),
    },
    "en": {
        SIGNUP: (
            "Confirm your new Vigie account",
            "To create your Vigie account with this address, open this link and choose your "
            "password:",
        ),
        EXISTS: (
            "You already have a Vigie account",
            "Someone (you, no doubt) tried to create a Vigie account with this address, which "
            "already has one. Sign in with your password; if you forgot it, this link lets you "
            "choose a new one:",
        ),
        RESET: (
            "Choose a new Vigie password",
            "To choose a new password for your Vigie account, open this link:",
        ),
        SIGNIN: (
            "Your Vigie sign-in link",
            "After several wrong passwords from your device, signing in to your Vigie account is "
            "confirmed by e-mail. To sign in, open this link in the browser where you typed your "
            "password:",
        ),
    },
}


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


def _lifetime(template: str, lang: str) -> str:
    minutes = _minutes(template)
    return (
        f"{minutes // 60} {'hours' if lang == 'en' else 'heures'}"
        if minutes >= 120
        else f"{minutes} minutes"
    )


def render(template: str, params: dict[str, JsonValue], settings: Settings) -> tuple[str, str]:
    """Subject and body (``vigie.reports.outbox.Renderer``) of one of ``TEMPLATES``."""
    lang = "en" if params.get("lang") == "en" else "fr"
    base = settings.public_url.rstrip("/")
    link = f"{base}{PATHS[template]}?jeton={link_token(settings, str(params['nonce']))}"
    subject, lead = _WORDS[lang][template]
    if lang == "en":
        link += "&lang=en"
        valid = f"This link is valid for {_lifetime(template, lang)} and works only once."
        body = f"Hello,\n\n{lead}\n\n{link}\n\n{valid} {_IGNORE[lang]}\n\n— The Vigie team\n"
    else:
        valid = f"Ce lien est valable {_lifetime(template, lang)} et ne sert qu'une fois."
        body = f"Bonjour,\n\n{lead}\n\n{link}\n\n{valid} {_IGNORE[lang]}\n\n— L'équipe Vigie\n"
    return f"{subject} — Vigie", body
