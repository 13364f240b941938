"""Phone and WhatsApp numbers as one E.164 string, checked against Google's numbering metadata.

Fake injectors book through WhatsApp and give a number in their bio, written every way a French
number can be (``06 12 34 56 78``, ``+33 6…``, ``0033 6…``, ``tel:+33-6-…``). ``phonenumbers``
(the maintained port of libphonenumber) reads them all, with France as the default region, and
says whether a number can exist at all: ``0000`` or ``+33 1 23`` never becomes an account.
"""

from __future__ import annotations

import re

import phonenumbers

from vigie.social.platforms import Platform
from vigie.social.results import Kind, Refusal

DEFAULT_REGION = "FR"
# Overseas départements dial like mainland France (0690…, 0696…, 0694…, 0692…, 0639…) but have
# their own metadata regions: a national spelling valid in none of them is tried in these.
OVERSEAS_REGIONS = ("GP", "MQ", "GF", "RE", "YT")

_PHONE_LIKE = re.compile(r"(?:tel:)?\+?[0-9][0-9 ().\-/]{4,24}", re.I)


def looks_like_phone(text: str) -> bool:
    """Digits with the usual separators, and enough of them to be a number rather than a name."""
    return bool(_PHONE_LIKE.fullmatch(text)) and sum(ch.isdigit() for ch in text) >= 6


def e164(text: str, platform: Platform, *, international: bool = False) -> str:
    """The number in E.164 (``+33612345678``); ``international`` for wa.me digits (no ``+``)."""
    candidate = text.strip()
    if international and not candidate.startswith("+"):
        candidate = "+" + candidate
    regions = (
        (DEFAULT_REGION,) if candidate.startswith("+") else (DEFAULT_REGION, *OVERSEAS_REGIONS)
    )
    for region in regions:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            raise _impossible(platform) from None
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise _impossible(platform)


def _impossible(platform: Platform) -> Refusal:
    return Refusal(
        Kind.INVALID,
        "Ce numéro de téléphone ne peut pas exister : vérifiez-le "
        "(par exemple 06 12 34 56 78 ou +33 6 12 34 56 78).",
        platform=platform,
    )
