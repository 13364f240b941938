"""Untrusted pasted text made safe to read: cleaned, split into a link, the host tied to a platform.

Everything here refuses rather than guesses. A look-alike host (``instagram.com.evil.test``,
Cyrillic ``іnstagram.com``, punycode ``xn--…``), credentials in a URL (``user@host``), a
``javascript:`` or ``data:`` URL, control characters or a URL ``urlsplit`` cannot read
(``https://[x``) all end as a ``Refusal`` — never as an exception a route turns into a 500.
Short links are refused too: Vigie never fetches anything to find where a link leads.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from vigie.social.platforms import Platform
from vigie.social.results import Kind, Refusal

MAX_INPUT_CHARS = 300

# Registrable hosts of each platform (any listed web subdomain in front is accepted, see below).
HOSTS: dict[str, Platform] = {
    "instagram.com": Platform.INSTAGRAM,
    "instagr.am": Platform.INSTAGRAM,
    "ig.me": Platform.INSTAGRAM,
    "tiktok.com": Platform.TIKTOK,
    "tiktokv.com": Platform.TIKTOK,
    "snapchat.com": Platform.SNAPCHAT,
    "facebook.com": Platform.FACEBOOK,
    "fb.com": Platform.FACEBOOK,
    "fb.me": Platform.FACEBOOK,
    "fb.watch": Platform.FACEBOOK,
    "m.me": Platform.FACEBOOK,
    "x.com": Platform.X,
    "twitter.com": Platform.X,
    "youtube.com": Platform.YOUTUBE,
    "youtu.be": Platform.YOUTUBE,
    "youtube-nocookie.com": Platform.YOUTUBE,
    "t.me": Platform.TELEGRAM,
    "telegram.me": Platform.TELEGRAM,
    "telegram.dog": Platform.TELEGRAM,
    "telegram.org": Platform.TELEGRAM,
    "threads.net": Platform.THREADS,
    "threads.com": Platform.THREADS,
    "wa.me": Platform.WHATSAPP,
    "whatsapp.com": Platform.WHATSAPP,
}

SHORT_LINK_HOSTS = frozenset(
    {
        "vm.tiktok.com",
        "vt.tiktok.com",
        "fb.me",
        "fb.watch",
        "t.co",
        "bit.ly",
        "tinyurl.com",
        "goo.gl",
        "ow.ly",
        "buff.ly",
        "is.gd",
        "cutt.ly",
        "rebrand.ly",
        "shorturl.at",
        "wa.link",
        "snapchat.link",
    }
)

_WEB_SUBDOMAINS = frozenset({"", "www", "m", "mobile", "web"})
_EXTRA_SUBDOMAINS: dict[Platform, frozenset[str]] = {
    Platform.FACEBOOK: frozenset({"mbasic", "touch", "free"}),
    Platform.YOUTUBE: frozenset({"music"}),
    Platform.SNAPCHAT: frozenset({"story"}),
    Platform.WHATSAPP: frozenset({"api", "chat"}),
}
# fr-fr.facebook.com, es-la.facebook.com, zh-hk.facebook.com, fr.facebook.com…
_FACEBOOK_LOCALE = re.compile(r"[a-z]{2}(?:-[a-z]{2})?")

_SAFE_SCHEMES = ("http://", "https://")
_APP_SCHEMES = ("tg:", "whatsapp:", "instagram:")
_REFUSED_SCHEMES = re.compile(r"(?:javascript|data|vbscript|file|blob|about|ftp)\s*:", re.I)
_OTHER_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://", re.I)
_TRIM = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff\"'<>«»“”‘’()"
_TRAILING = ".,;:!?)]}"


@dataclass(frozen=True)
class Link:
    """A URL split into what the platform rules read; path segments are percent-decoded."""

    scheme: str
    host: str
    subdomain: str
    segments: list[str]
    query: dict[str, list[str]]
    fragment: str

    def param(self, name: str) -> str:
        values = self.query.get(name) or [""]
        return values[0].strip()


def clean_text(text: str | None) -> str:
    """The pasted text without the noise copy-paste adds; refuses text that cannot be an account."""
    raw = (text or "").strip(_TRIM)
    if not raw:
        raise Refusal(Kind.INVALID)
    if len(raw) > MAX_INPUT_CHARS:
        raise Refusal(
            Kind.INVALID, f"Le compte indiqué est trop long (au plus {MAX_INPUT_CHARS} caractères)."
        )
    # What names the account (host, path, handle) must be clean. The query and fragment are
    # noise or re-checked strictly (phone=, id=), so a control character there only blanks itself.
    cut = min((i for i in (raw.find("?"), raw.find("#")) if i >= 0), default=len(raw))
    if any(_is_control(ch) for ch in raw[:cut]):
        raise Refusal(Kind.INVALID, "Le texte contient des caractères de contrôle ou invisibles.")
    raw = raw[:cut] + "".join(" " if _is_control(ch) else ch for ch in raw[cut:])
    return html.unescape(raw).strip(_TRIM).rstrip(_TRAILING) or raw


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch).startswith("C")


def looks_like_url(raw: str) -> bool:
    """A scheme, a bracket or a host followed by a path: read it as a link, not as a name."""
    lowered = raw.lower()
    if lowered.startswith(_SAFE_SCHEMES + _APP_SCHEMES + ("//", "[")):
        return True
    if _REFUSED_SCHEMES.match(lowered) or _OTHER_SCHEME.match(lowered):
        return True
    head = re.split(r"[/?#]", lowered, maxsplit=1)[0]
    host = head.split(":", 1)[0].strip(".")
    return ("." in host and len(head) < len(lowered)) or _platform_host(host) is not None


def split_link(raw: str) -> Link:
    """The link's parts, or a ``Refusal`` for anything unsafe or unreadable."""
    if _REFUSED_SCHEMES.match(raw):
        raise Refusal(Kind.INVALID, "Ce type de lien n'est pas accepté : collez le lien du profil.")
    if "\\" in raw:
        raise Refusal(Kind.INVALID, "Ce lien contient des caractères inattendus.")
    lowered = raw.lower()
    if lowered.startswith(_APP_SCHEMES):
        return _app_link(raw)
    if not lowered.startswith(_SAFE_SCHEMES):
        if _OTHER_SCHEME.match(raw):
            raise Refusal(Kind.INVALID, "Seuls les liens http et https sont acceptés.")
        raw = "https://" + raw.removeprefix("//")
    try:
        parts = urlsplit(raw)
    except ValueError:
        raise Refusal(Kind.INVALID, "Ce lien est mal formé : collez-le à nouveau.") from None
    if "@" in parts.netloc:
        raise Refusal(Kind.INVALID, "Ce lien contient un identifiant de connexion : refusé.")
    if ":" in parts.netloc and not parts.netloc.rsplit(":", 1)[1].isdigit():
        raise Refusal(Kind.INVALID, "Ce lien est mal formé : collez-le à nouveau.")
    host = (parts.hostname or "").rstrip(".")
    _check_host(host)
    return _link(parts.scheme, host, parts.path, parts.query, parts.fragment)


def _app_link(raw: str) -> Link:
    """``tg://resolve?domain=x``, ``whatsapp://send?phone=…``, ``instagram://user?username=x``."""
    try:
        parts = urlsplit(raw)
    except ValueError:
        raise Refusal(Kind.INVALID, "Ce lien est mal formé : collez-le à nouveau.") from None
    return _link(parts.scheme.lower(), (parts.hostname or "").lower(), parts.path, parts.query, "")


def _link(scheme: str, host: str, path: str, query: str, fragment: str) -> Link:
    segments = [unquote(s).strip() for s in path.split("/")]
    return Link(
        scheme=scheme.lower(),
        host=host,
        subdomain="",
        segments=[s for s in segments if s],
        query=parse_qs(query, keep_blank_values=True),
        fragment=unquote(fragment),
    )


def _check_host(host: str) -> None:
    if not host:
        raise Refusal(Kind.INVALID, "Ce lien ne contient pas de site : collez le lien du profil.")
    if not host.isascii() or any(label.startswith("xn--") for label in host.split(".")):
        raise Refusal(
            Kind.INVALID,
            "L'adresse de ce site imite celle d'une plateforme (caractères trompeurs) : refusé.",
        )


def platform_of(link: Link) -> tuple[Platform, Link]:
    """The platform a link belongs to, with its web subdomain noted; refuses other sites."""
    if link.scheme in ("tg", "whatsapp", "instagram"):
        scheme_platform = {"tg": Platform.TELEGRAM, "whatsapp": Platform.WHATSAPP}
        return scheme_platform.get(link.scheme, Platform.INSTAGRAM), link
    found = _platform_host(link.host)
    if link.host in SHORT_LINK_HOSTS or link.host.removeprefix("www.") in SHORT_LINK_HOSTS:
        raise Refusal(Kind.SHORT_LINK, platform=found[0] if found else None)
    if found is None:
        raise Refusal(Kind.UNSUPPORTED)
    platform, subdomain = found
    if not _is_web_subdomain(platform, subdomain):
        raise Refusal(Kind.RESERVED, platform=platform)
    return platform, Link(
        link.scheme, link.host, subdomain, link.segments, link.query, link.fragment
    )


def _platform_host(host: str) -> tuple[Platform, str] | None:
    for base, platform in HOSTS.items():
        if host == base:
            return platform, ""
        if host.endswith("." + base):
            return platform, host[: -len(base) - 1]
    return None


def _is_web_subdomain(platform: Platform, subdomain: str) -> bool:
    if subdomain in _WEB_SUBDOMAINS or subdomain in _EXTRA_SUBDOMAINS.get(platform, ()):
        return True
    return platform is Platform.FACEBOOK and bool(_FACEBOOK_LOCALE.fullmatch(subdomain))
