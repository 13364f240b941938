"""Where the account name sits in TikTok, Snapchat, X, YouTube and Telegram URLs.

Same contract as ``paths_meta``: ``(name, id_type)`` or a ``Refusal``. TikTok and Threads put an
``@`` before every profile name, so a TikTok path without one is never an account; X, YouTube and
Telegram put the name first, so their own pages (``/explore``, ``/feed``, ``/joinchat``) are listed
as reserved.
"""

from __future__ import annotations

from collections.abc import Callable

from vigie.social.links import Link
from vigie.social.paths_meta import Found, facebook, instagram, threads, whatsapp
from vigie.social.platforms import IdType, Platform
from vigie.social.results import Kind, Refusal

TIKTOK_POSTS = frozenset({"video", "v", "embed", "player", "photo"})
X_RESERVED = frozenset(
    {
        "about", "account", "compose", "download", "explore", "hashtag", "help", "home", "i",
        "intent", "jobs", "login", "logout", "messages", "notifications", "privacy", "search",
        "settings", "share", "signup", "tos", "who_to_follow", "lists",
    }
)  # fmt: skip
YOUTUBE_POSTS = frozenset(
    {"watch", "shorts", "embed", "v", "live", "clip", "post", "attribution_link", "playlist"}
)
YOUTUBE_RESERVED = frozenset(
    {
        "about", "account", "ads", "channel", "c", "user", "courses", "course", "creators",
        "feed", "gaming", "hashtag", "howyoutubeworks", "kids", "logout", "music", "news",
        "premium", "profile_redirector", "redirect", "results", "signin", "source", "sports",
        "subscription_manager", "t", "trending", "upload", "yt", "podcasts", "learning",
        "movies", "fashion", "paid_memberships", "supported_browsers", "browse",
    }
)  # fmt: skip
TELEGRAM_RESERVED = frozenset(
    {
        "addemoji", "addlist", "addstickers", "addtheme", "bg", "c", "confirmphone", "invoice",
        "iv", "login", "proxy", "setlanguage", "share", "socks", "boost", "contact",
    }
)  # fmt: skip


def _refuse(kind: Kind, platform: Platform) -> Refusal:
    return Refusal(kind, platform=platform)


def tiktok(link: Link) -> Found:
    segments = link.segments
    first = segments[0] if segments else ""
    if first.startswith("@"):
        if len(first) == 1:  # tiktok.com/@/video/<id>: the author is not in the link
            raise _refuse(Kind.POST, Platform.TIKTOK)
        return first[1:], None
    low = first.lower()
    if low == "t":
        raise _refuse(Kind.SHORT_LINK, Platform.TIKTOK)
    if low == "share" and len(segments) >= 3 and segments[1].lower() == "user":
        return segments[2], IdType.ID
    if low in TIKTOK_POSTS or low == "share":
        raise _refuse(Kind.POST, Platform.TIKTOK)
    raise _refuse(Kind.RESERVED, Platform.TIKTOK)


def snapchat(link: Link) -> Found:
    segments = link.segments
    first = segments[0] if segments else ""
    low = first.lower()
    if low in ("add", "u", "s") and len(segments) > 1:
        return segments[1], IdType.USERNAME
    if first.startswith("@") and len(first) > 1:
        return first[1:], IdType.USERNAME
    if low == "t":
        raise _refuse(Kind.SHORT_LINK, Platform.SNAPCHAT)
    if low in ("spotlight", "p"):
        raise _refuse(Kind.POST, Platform.SNAPCHAT)
    raise _refuse(Kind.RESERVED, Platform.SNAPCHAT)


def x(link: Link) -> Found:
    segments = link.segments
    if not segments and link.fragment.startswith("!"):  # the 2010 hashbang form, #!/<name>
        segments = [s for s in link.fragment[1:].split("/") if s]
    if not segments:
        raise _refuse(Kind.RESERVED, Platform.X)
    first = segments[0].removeprefix("@")
    low = first.lower()
    if low == "intent" and link.param("screen_name"):
        return link.param("screen_name"), IdType.USERNAME
    if low == "i" and "status" in (s.lower() for s in segments):
        raise _refuse(Kind.POST, Platform.X)
    if low in X_RESERVED:
        raise _refuse(Kind.RESERVED, Platform.X)
    return first, IdType.USERNAME


def youtube(link: Link) -> Found:
    segments = link.segments
    if link.host.endswith(("youtu.be", "youtube-nocookie.com")) or "watch" in link.fragment:
        raise _refuse(Kind.POST if segments or link.fragment else Kind.RESERVED, Platform.YOUTUBE)
    if not segments:
        raise _refuse(Kind.RESERVED, Platform.YOUTUBE)
    first = segments[0]
    low = first.lower()
    if first.startswith("@") and len(first) > 1:
        return first[1:], IdType.USERNAME
    if low == "channel" and len(segments) > 1:
        return segments[1], IdType.ID
    if low in ("c", "user") and len(segments) > 1:
        return segments[1].removeprefix("@"), IdType.USERNAME
    if low in YOUTUBE_POSTS:
        raise _refuse(Kind.POST, Platform.YOUTUBE)
    if low in YOUTUBE_RESERVED:
        raise _refuse(Kind.RESERVED, Platform.YOUTUBE)
    return first, IdType.USERNAME  # the legacy custom URL, youtube.com/<name>


def telegram(link: Link) -> Found:
    if link.scheme == "tg":  # tg://resolve?domain=<name>
        if link.param("domain"):
            return link.param("domain"), IdType.USERNAME
        raise _refuse(Kind.RESERVED, Platform.TELEGRAM)
    segments = link.segments
    if link.host.endswith("telegram.org") or not segments:
        raise _refuse(Kind.RESERVED, Platform.TELEGRAM)
    first = segments[0]
    low = first.lower()
    if first.startswith("+") or low == "joinchat":
        raise _refuse(Kind.GROUP, Platform.TELEGRAM)
    if low == "s":  # t.me/s/<name>: the public preview of a channel
        if len(segments) > 1:
            return segments[1], IdType.USERNAME
        raise _refuse(Kind.RESERVED, Platform.TELEGRAM)
    if low in TELEGRAM_RESERVED:
        raise _refuse(Kind.RESERVED, Platform.TELEGRAM)
    return first.removeprefix("@"), IdType.USERNAME


RULES: dict[Platform, Callable[[Link], Found]] = {
    Platform.INSTAGRAM: instagram,
    Platform.TIKTOK: tiktok,
    Platform.SNAPCHAT: snapchat,
    Platform.FACEBOOK: facebook,
    Platform.X: x,
    Platform.YOUTUBE: youtube,
    Platform.TELEGRAM: telegram,
    Platform.THREADS: threads,
    Platform.WHATSAPP: whatsapp,
}
