"""Turn what people paste — ``@x``, ``instagram.com/x/``, a TikTok video link — into one account key.

All reports about one account must join one case whoever files them and however they spell it, so
every spelling is reduced to ``(platform, handle)``: platform from the URL host (or the form's
choice), handle lower-cased and checked against that platform's rules. Links that do not name the
account (an Instagram post ``/p/…``, a TikTok short link) are refused with a message saying what to
paste instead, rather than guessed. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

from vigie.errors import InvalidInput

MAX_INPUT_CHARS = 300


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    SNAPCHAT = "snapchat"
    FACEBOOK = "facebook"
    X = "x"
    YOUTUBE = "youtube"
    TELEGRAM = "telegram"


HANDLE_RULES: dict[Platform, re.Pattern[str]] = {
    Platform.INSTAGRAM: re.compile(r"[a-z0-9._]{1,30}"),
    Platform.TIKTOK: re.compile(r"[a-z0-9._]{2,24}"),
    Platform.SNAPCHAT: re.compile(r"[a-z][a-z0-9._-]{2,14}"),
    Platform.FACEBOOK: re.compile(r"[a-z0-9.]{5,50}|id:[0-9]{5,20}"),
    Platform.X: re.compile(r"[a-z0-9_]{1,15}"),
    Platform.YOUTUBE: re.compile(r"[a-z0-9._-]{3,30}"),
    Platform.TELEGRAM: re.compile(r"[a-z][a-z0-9_]{4,31}"),
}

HOSTS: dict[str, Platform] = {
    "instagram.com": Platform.INSTAGRAM,
    "instagr.am": Platform.INSTAGRAM,
    "tiktok.com": Platform.TIKTOK,
    "snapchat.com": Platform.SNAPCHAT,
    "facebook.com": Platform.FACEBOOK,
    "fb.com": Platform.FACEBOOK,
    "x.com": Platform.X,
    "twitter.com": Platform.X,
    "youtube.com": Platform.YOUTUBE,
    "t.me": Platform.TELEGRAM,
    "telegram.me": Platform.TELEGRAM,
}

# First path segments that are not account names on each platform.
RESERVED: dict[Platform, frozenset[str]] = {
    Platform.INSTAGRAM: frozenset({"p", "reel", "reels", "tv", "stories", "explore", "accounts"}),
    Platform.TIKTOK: frozenset({"t", "video", "tag", "discover", "music"}),
    Platform.SNAPCHAT: frozenset({"spotlight", "discover", "p"}),
    Platform.FACEBOOK: frozenset({"groups", "watch", "events", "share", "photo", "story.php"}),
    Platform.X: frozenset({"i", "home", "search", "hashtag", "intent", "share"}),
    Platform.YOUTUBE: frozenset({"watch", "shorts", "results", "channel", "playlist"}),
    Platform.TELEGRAM: frozenset({"joinchat", "s", "c"}),
}

SHORT_LINK_HOSTS = frozenset({"vm.tiktok.com", "vt.tiktok.com", "youtu.be", "fb.me", "t.co"})


@dataclass(frozen=True)
class AccountKey:
    platform: Platform
    handle: str

    @property
    def label(self) -> str:
        return f"{self.platform}:@{self.handle}"

    @property
    def url(self) -> str:
        """The canonical profile URL (used in DSA notices), built only from the checked handle."""
        return PROFILE_URLS[self.platform].format(handle=self.handle.removeprefix("id:"))


PROFILE_URLS: dict[Platform, str] = {
    Platform.INSTAGRAM: "https://www.instagram.com/{handle}/",
    Platform.TIKTOK: "https://www.tiktok.com/@{handle}",
    Platform.SNAPCHAT: "https://www.snapchat.com/add/{handle}",
    Platform.FACEBOOK: "https://www.facebook.com/{handle}",
    Platform.X: "https://x.com/{handle}",
    Platform.YOUTUBE: "https://www.youtube.com/@{handle}",
    Platform.TELEGRAM: "https://t.me/{handle}",
}


def parse_platform(value: str | None) -> Platform | None:
    """The platform a form names, or ``None`` when left empty (then the URL must say it)."""
    cleaned = (value or "").strip().lower()
    if cleaned in ("", "auto"):
        return None
    if cleaned == "twitter":
        return Platform.X
    try:
        return Platform(cleaned)
    except ValueError:
        choices = ", ".join(p.value for p in Platform)
        raise InvalidInput(
            f"Plateforme inconnue : choisissez parmi {choices}.", details={"field": "platform"}
        ) from None


def normalise_account(platform: str | None, text: str) -> AccountKey:
    """One account key for a handle or a profile/post URL; ``InvalidInput`` says what to fix."""
    raw = (text or "").strip()
    if not raw:
        raise _invalid("Indiquez le nom du compte (@pseudo) ou le lien du profil.")
    if len(raw) > MAX_INPUT_CHARS:
        raise _invalid(f"Le compte indiqué est trop long (au plus {MAX_INPUT_CHARS} caractères).")
    declared = parse_platform(platform)
    if _looks_like_url(raw):
        found, handle = _from_url(raw)
        if declared is not None and declared is not found:
            raise _invalid(f"Ce lien est un lien {found.value}, pas {declared.value}.")
        return _checked(found, handle)
    if declared is None:
        raise _invalid("Choisissez la plateforme, ou collez le lien du profil.")
    return _checked(declared, raw)


def _invalid(message: str) -> InvalidInput:
    return InvalidInput(message, details={"field": "account"})


def _looks_like_url(raw: str) -> bool:
    lowered = raw.lower()
    if lowered.startswith(("http://", "https://")):
        return True
    host = lowered.split("/", 1)[0]
    return ("/" in lowered and "." in host) or _bare_host(host) in HOSTS


def _bare_host(host: str) -> str:
    host = host.split(":", 1)[0].strip(".")
    for prefix in ("www.", "m.", "mobile.", "web.", "fr-fr.", "fr.", "story."):
        host = host.removeprefix(prefix)
    return host


def _from_url(raw: str) -> tuple[Platform, str]:
    url = raw if "://" in raw else f"https://{raw}"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in SHORT_LINK_HOSTS:
        raise _invalid("Lien raccourci : ouvrez-le et collez le lien du profil.")
    platform = HOSTS.get(_bare_host(host))
    if platform is None:
        raise _invalid("Ce lien n'est pas celui d'une plateforme connue.")
    segments = [s for s in parts.path.split("/") if s]
    if platform is Platform.FACEBOOK and segments[:1] == ["profile.php"]:
        ids = parse_qs(parts.query).get("id", [""])
        return platform, f"id:{ids[0]}"
    return platform, _handle_from_segments(platform, segments)


def _handle_from_segments(platform: Platform, segments: list[str]) -> str:
    if platform is Platform.SNAPCHAT and segments[:1] in (["add"], ["u"]):
        segments = segments[1:]
    if platform is Platform.YOUTUBE and segments[:1] in (["c"], ["user"]):
        segments = segments[1:]
    if not segments:
        raise _invalid("Ce lien ne contient pas de nom de compte : collez le lien du profil.")
    first = segments[0]
    if platform in (Platform.TIKTOK, Platform.YOUTUBE) and not first.startswith("@"):
        if first.lower() not in RESERVED[platform] and platform is Platform.YOUTUBE:
            return first
        raise _invalid("Ce lien ne contient pas de nom de compte : collez le lien du profil.")
    if first.lower() in RESERVED[platform]:
        raise _invalid("Ce lien ne contient pas de nom de compte : collez le lien du profil.")
    return first


def _checked(platform: Platform, handle: str) -> AccountKey:
    cleaned = handle.strip().removeprefix("@").strip().lower()
    rule = HANDLE_RULES[platform]
    if not rule.fullmatch(cleaned):
        raise _invalid(f"« {cleaned[:40]} » n'est pas un nom de compte {platform.value} valide.")
    return AccountKey(platform, cleaned)
