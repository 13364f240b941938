"""What parsing answers: an account, or the reason the text names none and what to paste instead.

The French messages live here, in one table, so that the wording a patient reads can be reviewed
in one place. ``Refusal`` is raised by the parsing steps and always caught by
``vigie.social.parse.parse_account``: it never leaves the domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from vigie.social.platforms import AccountKey, Platform


class Kind(StrEnum):
    ACCOUNT = "account"
    POST = "post"  # a post, video or story link that does not name its author
    GROUP = "group"  # a group, community or invitation link: many people, not one account
    RESERVED = "reserved"  # a page of the platform itself (home, explore, settings, help…)
    SHORT_LINK = "short_link"  # a redirecting link Vigie will not open
    UNSUPPORTED = "unsupported"  # a link to another site
    MISSING_PLATFORM = "missing_platform"  # a bare name without a platform
    INVALID = "invalid"  # unusable or unsafe text


MESSAGES: dict[Kind, str] = {
    Kind.POST: (
        "Ce lien mène à une publication, pas au compte : ouvrez le profil de son auteur "
        "et collez le lien du profil (ou son @pseudo)."
    ),
    Kind.GROUP: (
        "Ce lien est celui d'un groupe ou d'une invitation, pas d'un compte : "
        "collez le lien du profil de la personne."
    ),
    Kind.RESERVED: (
        "Cette page appartient à la plateforme elle-même, ce n'est pas un compte : "
        "collez le lien du profil (ou son @pseudo)."
    ),
    Kind.SHORT_LINK: (
        "Lien raccourci : Vigie ne l'ouvre pas. Ouvrez-le vous-même, puis collez le lien "
        "du profil qui s'affiche (ou son @pseudo)."
    ),
    Kind.UNSUPPORTED: (
        "Ce lien n'est pas celui d'une plateforme prise en charge (Instagram, TikTok, Snapchat, "
        "Facebook, X, YouTube, Telegram, Threads, WhatsApp) : collez le lien du profil."
    ),
    Kind.MISSING_PLATFORM: "Choisissez la plateforme, ou collez le lien du profil.",
    Kind.INVALID: "Indiquez le nom du compte (@pseudo), le lien du profil ou un numéro de téléphone.",
}


class Refusal(Exception):
    """The text names no account; ``kind`` says why and ``message`` what to do instead."""

    def __init__(
        self, kind: Kind, message: str | None = None, platform: Platform | None = None
    ) -> None:
        super().__init__(message or MESSAGES[kind])
        self.kind = kind
        self.message = message or MESSAGES[kind]
        self.platform = platform


@dataclass(frozen=True)
class ParseResult:
    """The answer for one text: ``key`` is set exactly when ``kind`` is ``account``."""

    input: str
    platform: Platform | None
    kind: Kind
    key: AccountKey | None = None
    message: str | None = None

    @property
    def is_account(self) -> bool:
        return self.key is not None

    def as_dict(self) -> dict[str, str | None]:
        """The shape of ``vigie social parse --json`` (and of any JSON twin built on it)."""
        key = self.key
        return {
            "input": self.input,
            "platform": self.platform.value if self.platform else None,
            "kind": self.kind.value,
            "handle": key.shown if key else None,
            "id_type": key.id_type.value if key else None,
            "url": key.url if key else None,
            "message": self.message,
        }
