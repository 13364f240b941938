"""Social-media accounts: any spelling a patient or a reporter pastes, reduced to one account key.

Below ``reports`` and ``accounts`` in the dependency order (it imports only ``vigie.errors`` and
third-party libraries), so both use one definition of "the same account".

* ``platforms`` — the platforms, their username and id rules, ``AccountKey`` and its stored forms;
* ``results`` — ``Kind`` (why a text names no account), ``ParseResult`` and the French messages;
* ``links`` — pasted text cleaned, split and tied to a platform, refusing anything unsafe;
* ``paths_meta``, ``paths`` — where each platform's URLs carry the account name;
* ``phones`` — phone and WhatsApp numbers as E.164 (``phonenumbers``);
* ``parse`` — ``parse_account`` (never raises) and ``normalise_account`` (raises ``InvalidInput``).
"""

from vigie.social.parse import normalise_account, parse_account, parse_platform
from vigie.social.platforms import (
    ID_RULES,
    LABELS,
    USERNAME_RULES,
    AccountKey,
    IdType,
    Platform,
)
from vigie.social.results import Kind, ParseResult

__all__ = [
    "ID_RULES",
    "LABELS",
    "USERNAME_RULES",
    "AccountKey",
    "IdType",
    "Kind",
    "ParseResult",
    "Platform",
    "normalise_account",
    "parse_account",
    "parse_platform",
]
