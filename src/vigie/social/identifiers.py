"""Identifiers found in free text: phone and WhatsApp numbers, profile links and ``@handles``.

A fake injector runs several accounts and books them all through one WhatsApp number, so the
number in a bio or a post is what ties two reported accounts to one person. ``find_identifiers``
reads a text and returns every identifier in it with its exact span, each already an
``AccountKey`` from ``parse_account`` (one key whatever the spelling), so a number written
``06 12 34 56 78`` in one post and ``wa.me/33612345678`` in another is the same identifier.

Precision matters more than recall here: a false identifier proposes merging two strangers'
cases. So:

* numbers are found by ``phonenumbers``' matcher at its ``VALID`` leniency (France as the default
  region, then the overseas departments), which never takes a price (``150€``), a date, a postcode or an 11-digit RPPS number for
  a phone; a number must also be written with a trunk ``0``, a ``+``/``00`` or its country code —
  never as bare national digits (a 9-digit ADELI number is not ``+33``-anything);
* links count only on the hosts ``vigie.social`` knows, and only when they name an account
  (a post link or a group invitation names none);
* an ``@handle`` counts when a platform is named right before it (``insta : @x``) or the text's
  own platform is known (a handle in an Instagram post is an Instagram handle); an e-mail address
  is not a handle. A name without ``@`` counts only after a platform word and a colon, and only
  when it has a digit, ``.``, ``_`` or ``-`` (``snap : lips.sarah``, never ``snap : dispo``).

Pure functions, no I/O; the ``reports`` domain stores what they find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from vigie.social.links import HOSTS
from vigie.social.parse import parse_account
from vigie.social.phones import DEFAULT_REGION, OVERSEAS_REGIONS
from vigie.social.platforms import PHONE_PLATFORMS, AccountKey, IdType, Platform

# Their national prefixes (0590, 0690, 0696, 0262, 0639…): each region costs a matcher pass, so
# those passes run only on a text where one appears.
_OVERSEAS_PREFIX = re.compile(
    r"(?<!\d)0(?:5[\s.\-]?9[046]|6[\s.\-]?9[0-7]|2[\s.\-]?6[29]|6[\s.\-]?39)"
)
MAX_TRIES = 1_000  # candidate numbers the matcher examines per text and region (a bound on work)
MAX_TEXT_CHARS = 20_000
MAX_PER_TEXT = 50

_HOSTS = "|".join(re.escape(host) for host in sorted(HOSTS, key=len, reverse=True))
# A known host (with any subdomain and an optional scheme), not inside a longer host
# (``instagram.com.evil.test``) and not the end of an e-mail address.
_LINK = re.compile(
    rf"(?<![\w@.\-/])(?:https?://)?(?:[a-z0-9-]+\.)*(?:{_HOSTS})(?![\w-]|\.[a-z0-9])"
    r"(?:[/?#][^\s<>\"'«»]*)?",
    re.I,
)
_TRAILING = ".,;:!?)]}"

_WORDS: dict[str, Platform] = {
    "instagram": Platform.INSTAGRAM,
    "insta": Platform.INSTAGRAM,
    "ig": Platform.INSTAGRAM,
    "tiktok": Platform.TIKTOK,
    "tik tok": Platform.TIKTOK,
    "snapchat": Platform.SNAPCHAT,
    "snap": Platform.SNAPCHAT,
    "\U0001f47b": Platform.SNAPCHAT,  # the ghost emoji Snapchat users put before their name
    "facebook": Platform.FACEBOOK,
    "fb": Platform.FACEBOOK,
    "twitter": Platform.X,
    "telegram": Platform.TELEGRAM,
    "télégram": Platform.TELEGRAM,
    "threads": Platform.THREADS,
    "youtube": Platform.YOUTUBE,
}
_WORD = "|".join(re.escape(word) for word in sorted(_WORDS, key=len, reverse=True))
# A name is never cut short: what follows it is no name character, even after a period.
_NAME = r"[A-Za-z0-9._\-]{1,60}(?![\w@]|[.\-]+[\w@])"
# ``insta : @x``, ``@x`` — the platform word is optional, the @ is not.
_AT_HANDLE = re.compile(
    rf"(?:(?<!\w)(?P<word>{_WORD})(?!\w)\s*[:：=\-–—]?\s*)?(?<![\w@.])@(?P<name>{_NAME})", re.I
)
# ``snap : lips.sarah``, ``👻 lips.sarah`` — a bare name needs a platform word and a colon.
_NAMED = re.compile(
    rf"(?:(?<!\w)(?P<word>{_WORD})(?!\w)\s*[:：]|(?P<ghost>\U0001f47b)[:：]?)\s*(?P<name>{_NAME})",
    re.I,
)
_NAME_MARK = re.compile(r"[0-9._\-]")
VALID = phonenumbers.Leniency.VALID
# The matcher refuses a number run into a price (``06 12 34 56 78 150€``): it reads one long digit
# string. A French number in its usual groups of two, one separator throughout, is read on its own
# — unless a further group of two follows (then it is some longer number), not a price (``49€``).
_GROUPED = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9]"
    r"(?P<sep>[ .\-]?)\d{2}(?:(?P=sep)\d{2}){3}(?!\d|[ .\-]\d{2}(?!\d|\s?(?:€|eur|ml|%)))",
    re.I,
)
_WHATSAPP_WORDS = re.compile(r"whats\s?app|wh?atsap+|\bwa\b|\bwsp\b", re.I)
_CONTEXT_CHARS = 30


@dataclass(frozen=True)
class FoundIdentifier:
    """One identifier in a text: the account key and where it is (``text[start:end]``)."""

    key: AccountKey
    start: int
    end: int
    excerpt: str

    @property
    def match_key(self) -> str:
        return match_key(self.key)


def match_key(key: AccountKey) -> str:
    """What two cases must share to be one person: a phone and a WhatsApp number are one number."""
    if key.platform in PHONE_PLATFORMS:
        return f"tel:{key.handle}"
    return f"{key.platform.value}:{key.handle}"


def is_number(key: AccountKey) -> bool:
    return key.platform in PHONE_PLATFORMS


def shown_identifier(key: AccountKey) -> str:
    """How a moderator reads it: ``+33 6 12 34 56 78``, ``@lips.by.sarah``, an id as its digits."""
    if is_number(key):
        number = phonenumbers.parse(key.handle, DEFAULT_REGION)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return key.shown if key.id_type is IdType.ID else "@" + key.shown


def find_identifiers(text: str, platform: Platform | None = None) -> list[FoundIdentifier]:
    """Every identifier in ``text`` in reading order; ``platform`` is the text's own (for @handles)."""
    text = (text or "")[:MAX_TEXT_CHARS]
    found: list[FoundIdentifier] = []
    for finder in (_links, _handles, _numbers):
        for item in finder(text, platform):
            if not any(item.start < f.end and f.start < item.end for f in found):
                found.append(item)
    return sorted(found, key=lambda f: f.start)[:MAX_PER_TEXT]


def _found(text: str, start: int, end: int, key: AccountKey | None) -> list[FoundIdentifier]:
    return [] if key is None else [FoundIdentifier(key, start, end, text[start:end])]


def _links(text: str, _platform: Platform | None) -> list[FoundIdentifier]:
    found: list[FoundIdentifier] = []
    for match in _LINK.finditer(text):
        link = match.group().rstrip(_TRAILING)
        key = parse_account(link).key
        found += _found(text, match.start(), match.start() + len(link), key)
    return found


def _handles(text: str, platform: Platform | None) -> list[FoundIdentifier]:
    found: list[FoundIdentifier] = []
    for pattern in (_AT_HANDLE, _NAMED):
        for match in pattern.finditer(text):
            word = match.group("word") or match.groupdict().get("ghost")
            named = _WORDS[word.lower()] if word else platform
            name = match.group("name").rstrip(".-")
            if named is None or named in PHONE_PLATFORMS or not name:
                continue
            if pattern is _NAMED and not (
                _NAME_MARK.search(name) and re.search("[a-z]", name, re.I)
            ):
                continue
            start = match.start("name") - (1 if pattern is _AT_HANDLE else 0)
            end = match.start("name") + len(name)
            found += _found(text, start, end, parse_account("@" + name, named).key)
    return found


def _numbers(text: str, _platform: Platform | None) -> list[FoundIdentifier]:
    found: list[FoundIdentifier] = []
    overseas = OVERSEAS_REGIONS if _OVERSEAS_PREFIX.search(text) else ()
    for region in (DEFAULT_REGION, *overseas):
        matcher = phonenumbers.PhoneNumberMatcher(text, region, leniency=VALID, max_tries=MAX_TRIES)
        for match in matcher:
            if _written_with_prefix(match.raw_string, match.number.country_code):
                found += _number(text, match.start, match.end, match.number)
    for grouped in _GROUPED.finditer(text):
        number = _valid_number(grouped.group())
        if number is not None:
            found += _number(text, grouped.start(), grouped.end(), number)
    return found


def _valid_number(raw: str) -> phonenumbers.PhoneNumber | None:
    for region in (DEFAULT_REGION, *OVERSEAS_REGIONS):
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number):
            return number
    return None


def _number(
    text: str, start: int, end: int, number: phonenumbers.PhoneNumber
) -> list[FoundIdentifier]:
    before = text[max(0, start - _CONTEXT_CHARS) : start]
    platform = Platform.WHATSAPP if _WHATSAPP_WORDS.search(before) else Platform.PHONE
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return _found(text, start, end, AccountKey(platform, e164))


def _written_with_prefix(raw: str, country_code: int | None) -> bool:
    """A trunk 0, a + or 00, or the country code: bare national digits are any other number."""
    digits = re.sub(r"\D", "", raw)
    code = str(country_code or "")
    return raw.lstrip().startswith(("+", "0")) or (bool(code) and digits.startswith(code))
