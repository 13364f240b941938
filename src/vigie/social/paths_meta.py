"""Where the account name sits in Meta's URLs: Instagram, Threads, Facebook, WhatsApp.

Each rule reads a ``Link`` already tied to its platform and returns ``(name, id_type)`` — the raw
name still to be checked against the platform's rules, and ``None`` as id type when the name's own
shape decides (a Facebook name of digits is an id). Pages that are not accounts raise a
``Refusal`` naming the reason. Reserved paths come from the platforms' own site maps and from the
URL forms in ``tests/social/url_forms.tsv``.
"""

from __future__ import annotations

from vigie.social.links import Link
from vigie.social.phones import e164
from vigie.social.platforms import IdType, Platform
from vigie.social.results import Kind, Refusal

Found = tuple[str, IdType | None]

INSTAGRAM_POSTS = frozenset({"p", "reel", "reels", "tv"})
INSTAGRAM_RESERVED = frozenset(
    {
        "about", "accounts", "api", "ar", "archive", "challenge", "create", "developer",
        "direct", "directory", "emails", "explore", "graphql", "legal", "lite", "nametag",
        "oauth", "press", "privacy", "qr", "session", "static", "terms", "topics", "web",
        "your_activity", "download", "insights", "invites", "locations", "music", "audio",
    }
)  # fmt: skip

FACEBOOK_POSTS = frozenset(
    {"watch", "reel", "reels", "photo", "photo.php", "video.php", "videos", "media", "stories"}
)
FACEBOOK_RESERVED = frozenset(
    {
        "about", "ads", "bookmarks", "business", "careers", "checkpoint", "dialog", "directory",
        "events", "friends", "fundraisers", "gaming", "hashtag", "help", "home.php", "jobs",
        "l.php", "legal", "live", "login", "login.php", "marketplace", "me", "memories",
        "messages", "messenger", "mobile", "notes", "notifications", "places", "plugins",
        "policies", "privacy", "public", "recover", "reg", "saved", "search", "settings",
        "sharer", "sharer.php", "terms", "watchparty", "lite",
    }
)  # fmt: skip


def _refuse(kind: Kind, platform: Platform) -> Refusal:
    return Refusal(kind, platform=platform)


def instagram(link: Link) -> Found:
    if link.scheme == "instagram":  # instagram://user?username=x, the app's own link
        return link.param("username"), IdType.USERNAME
    segments = link.segments
    if link.host.endswith("ig.me") and segments[:1] == ["m"]:
        segments = segments[1:]  # ig.me/m/<name> opens a direct message to <name>
    if not segments:
        raise _refuse(Kind.RESERVED, Platform.INSTAGRAM)
    first = segments[0].lower()
    if first in ("_u", "_n") and len(segments) > 1:  # the app's deep-link profile form
        return segments[1], IdType.USERNAME
    if first == "stories":
        if len(segments) > 1 and segments[1].lower() != "highlights":
            return segments[1], IdType.USERNAME
        raise _refuse(Kind.POST, Platform.INSTAGRAM)
    if first in INSTAGRAM_POSTS or first == "s":
        raise _refuse(Kind.POST, Platform.INSTAGRAM)
    if first == "share":
        raise _refuse(Kind.SHORT_LINK, Platform.INSTAGRAM)
    if first in INSTAGRAM_RESERVED:
        raise _refuse(Kind.RESERVED, Platform.INSTAGRAM)
    return segments[0], IdType.USERNAME


def threads(link: Link) -> Found:
    first = link.segments[0] if link.segments else ""
    if first.startswith("@") and len(first) > 1:
        return first[1:], IdType.USERNAME
    if first.lower() == "t":
        raise _refuse(Kind.POST, Platform.THREADS)
    raise _refuse(Kind.RESERVED, Platform.THREADS)


def facebook(link: Link) -> Found:
    segments = link.segments
    if not segments:
        raise _refuse(Kind.RESERVED, Platform.FACEBOOK)
    first = segments[0].lower()
    if link.host.endswith("m.me") and link.host.count(".") == 1:
        return segments[0], None  # m.me/<page>: a Messenger conversation with that account
    if first in ("profile.php", "permalink.php", "story.php"):
        return _facebook_id_param(link, first)
    if first in ("people", "pages") and len(segments) >= 3:
        return segments[2], IdType.ID  # /people/<name>/<id>, /pages/<name>/<id>
    if first == "pg" and len(segments) > 1:
        return segments[1], None
    if first == "groups":
        raise _refuse(Kind.GROUP, Platform.FACEBOOK)
    if first == "share":
        raise _refuse(Kind.SHORT_LINK, Platform.FACEBOOK)
    if first in FACEBOOK_POSTS:
        raise _refuse(Kind.POST, Platform.FACEBOOK)
    if first in FACEBOOK_RESERVED or first.endswith(".php") or first in ("people", "pages"):
        raise _refuse(Kind.RESERVED, Platform.FACEBOOK)
    return segments[0], None


def _facebook_id_param(link: Link, page: str) -> Found:
    """``profile.php?id=…`` names a profile; ``permalink.php``/``story.php`` name a post by it."""
    account_id = link.param("id")
    if account_id:
        return account_id, IdType.ID
    raise _refuse(Kind.RESERVED if page == "profile.php" else Kind.POST, Platform.FACEBOOK)


def whatsapp(link: Link) -> Found:
    segments = link.segments
    first = segments[0].lower() if segments else ""
    if link.subdomain == "chat" or first == "channel":
        raise _refuse(Kind.GROUP, Platform.WHATSAPP)
    if first in ("message", "qr"):  # wa.me/message/<code>: a business short link
        raise _refuse(Kind.SHORT_LINK, Platform.WHATSAPP)
    phone = link.param("phone")
    if not phone and link.host == "wa.me" and segments:
        phone = segments[1] if first == "c" and len(segments) > 1 else segments[0]
    if not phone:
        raise _refuse(Kind.RESERVED, Platform.WHATSAPP)
    return e164(phone, Platform.WHATSAPP, international=True), IdType.PHONE
