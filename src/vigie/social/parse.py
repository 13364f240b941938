"""Any spelling of an account — profile or post URL, ``@handle``, name plus platform, phone — to one key.

All reports about one account must join one case whoever files them and however they spell it,
and a physician's confirmed account must be found from any link a patient pastes. So every
spelling goes through ``parse_account``, which never raises: it answers an account key, or the
reason the text names none (``Kind``) with a French message saying what to paste instead.
``normalise_account`` is the same for callers that want ``InvalidInput`` (forms and routes).
Pure functions, no I/O: links are read, never fetched.
"""

from __future__ import annotations

from vigie.errors import InvalidInput
from vigie.social.links import clean_text, looks_like_url, platform_of, split_link
from vigie.social.paths import RULES
from vigie.social.phones import e164, looks_like_phone
from vigie.social.platforms import (
    ID_PREFIX,
    ID_RULES,
    LABELS,
    PHONE_PLATFORMS,
    USERNAME_RULES,
    AccountKey,
    IdType,
    Platform,
)
from vigie.social.results import Kind, ParseResult, Refusal

_ALIASES = {"twitter": Platform.X, "tel": Platform.PHONE, "telephone": Platform.PHONE}


def parse_platform(value: str | Platform | None) -> Platform | None:
    """The platform a form names, or ``None`` when left empty (then the text must say it)."""
    if isinstance(value, Platform):
        return value
    cleaned = (value or "").strip().lower()
    if cleaned in ("", "auto"):
        return None
    if cleaned in _ALIASES:
        return _ALIASES[cleaned]
    try:
        return Platform(cleaned)
    except ValueError:
        choices = ", ".join(p.value for p in Platform)
        raise InvalidInput(
            f"Plateforme inconnue : choisissez parmi {choices}.", details={"field": "platform"}
        ) from None


def parse_account(text: str | None, platform: str | Platform | None = None) -> ParseResult:
    """The account ``text`` names, or why it names none. Never raises on any input."""
    shown = text if isinstance(text, str) else ""
    try:
        declared = parse_platform(platform)
    except InvalidInput as exc:
        return ParseResult(shown, None, Kind.INVALID, message=exc.message)
    try:
        key = _key(clean_text(text), declared)
    except Refusal as refusal:
        return ParseResult(shown, refusal.platform or declared, refusal.kind, None, refusal.message)
    return ParseResult(shown, key.platform, Kind.ACCOUNT, key)


def normalise_account(platform: str | Platform | None, text: str | None) -> AccountKey:
    """One account key for a handle, a profile/post URL or a phone; ``InvalidInput`` says what to fix."""
    result = parse_account(text, parse_platform(platform))
    if result.key is None:
        raise InvalidInput(
            result.message or "", details={"field": "account", "reason": result.kind.value}
        )
    return result.key


def _key(raw: str, declared: Platform | None) -> AccountKey:
    if looks_like_url(raw):
        return _from_url(raw, declared)
    if declared in (None, *PHONE_PLATFORMS) and looks_like_phone(raw):
        found = declared or Platform.PHONE
        return AccountKey(found, e164(raw, found))
    if declared is None:
        raise Refusal(Kind.MISSING_PLATFORM)
    if declared in PHONE_PLATFORMS:
        raise Refusal(Kind.INVALID, "Indiquez un numéro de téléphone.", platform=declared)
    # On YouTube an @ marks a handle, even one shaped like a UC… channel id.
    at_handle = declared is Platform.YOUTUBE and raw.startswith("@")
    id_type = IdType.USERNAME if at_handle else None
    return checked_key(declared, raw.removeprefix("@"), id_type)


def _from_url(raw: str, declared: Platform | None) -> AccountKey:
    found, link = platform_of(split_link(raw))
    # A WhatsApp link is a phone number too, so "phone" accepts it.
    whatsapp_as_phone = declared is Platform.PHONE and found is Platform.WHATSAPP
    if declared is not None and declared is not found and not whatsapp_as_phone:
        raise Refusal(
            Kind.INVALID,
            f"Ce lien est un lien {LABELS[found]}, pas {LABELS[declared]}.",
            platform=found,
        )
    name, id_type = RULES[found](link)
    return checked_key(found, name, id_type)


def checked_key(platform: Platform, name: str, id_type: IdType | None) -> AccountKey:
    """The key for ``name`` on ``platform`` once it passes that platform's rule for its type."""
    if id_type is IdType.PHONE:
        return AccountKey(platform, name)
    value = name.strip()
    if value[: len(ID_PREFIX)].lower() == ID_PREFIX and platform in ID_RULES:
        value, id_type = value[len(ID_PREFIX) :], IdType.ID
    id_rule = ID_RULES.get(platform)
    if id_type in (None, IdType.ID) and id_rule is not None and id_rule.fullmatch(value):
        return AccountKey(platform, ID_PREFIX + value)
    if id_type is not IdType.ID and USERNAME_RULES[platform].fullmatch(value.lower()):
        return AccountKey(platform, value.lower())
    what = "identifiant" if id_type is IdType.ID else "nom de compte"
    raise Refusal(
        Kind.INVALID,
        f"« {value[:40]} » n'est pas un {what} {LABELS[platform]} valide.",
        platform=platform,
    )
