"""The platforms Vigie knows, what a valid account name looks like on each, and the account key.

An account key is ``(platform, handle)`` as stored in the database (``report_account``,
``user_linked_handle``). The stored handle has three shapes, chosen so that keys written before
this domain existed keep matching:

* a username, lower-cased (every platform here treats usernames case-insensitively);
* an opaque id, prefixed ``id:`` and kept exactly (TikTok ``MS4w…`` ids and YouTube ``UC…`` ids
  are case-sensitive). The prefix is how Facebook numeric ids were always stored, and it keeps ids
  and usernames apart on platforms where both can be digits;
* a phone number in E.164 (``+33612345678``) for ``phone`` and ``whatsapp``.

What people see (``AccountKey.shown``) drops the ``id:`` prefix: a Facebook id is shown as its
digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Platform(StrEnum):
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"
    SNAPCHAT = "snapchat"
    FACEBOOK = "facebook"
    X = "x"
    YOUTUBE = "youtube"
    TELEGRAM = "telegram"
    THREADS = "threads"
    WHATSAPP = "whatsapp"
    PHONE = "phone"


class IdType(StrEnum):
    USERNAME = "username"
    ID = "id"
    PHONE = "phone"


PHONE_PLATFORMS = frozenset({Platform.WHATSAPP, Platform.PHONE})
ID_PREFIX = "id:"

# Instagram and Threads share one account namespace: no leading, trailing or doubled period.
_META_NAME = r"(?!\.)(?!.*\.\.)[a-z0-9._]{1,30}(?<!\.)"

USERNAME_RULES: dict[Platform, re.Pattern[str]] = {
    Platform.INSTAGRAM: re.compile(_META_NAME),
    Platform.THREADS: re.compile(_META_NAME),
    Platform.TIKTOK: re.compile(r"[a-z0-9._]{1,23}[a-z0-9_]"),  # no trailing period
    Platform.SNAPCHAT: re.compile(r"[a-z][a-z0-9._-]{2,14}"),
    # Facebook asks 5+ letters, digits and periods today; older pages (cnn, attn) and slugs differ.
    Platform.FACEBOOK: re.compile(r"(?!\.)[a-z0-9._-]{2,50}(?<!\.)"),
    Platform.X: re.compile(r"[a-z0-9_]{1,15}"),
    Platform.YOUTUBE: re.compile(r"[a-z0-9._-]{3,30}"),
    Platform.TELEGRAM: re.compile(r"[a-z][a-z0-9_]{4,31}"),
}

# Opaque ids, matched case-sensitively on the text as given.
ID_RULES: dict[Platform, re.Pattern[str]] = {
    Platform.TIKTOK: re.compile(r"[0-9]{15,20}|MS4wLjABAAAA[A-Za-z0-9_-]{20,80}"),
    Platform.FACEBOOK: re.compile(r"[0-9]{5,20}"),
    Platform.YOUTUBE: re.compile(r"UC[A-Za-z0-9_-]{22}"),
}

LABELS: dict[Platform, str] = {
    Platform.INSTAGRAM: "Instagram",
    Platform.TIKTOK: "TikTok",
    Platform.SNAPCHAT: "Snapchat",
    Platform.FACEBOOK: "Facebook",
    Platform.X: "X (Twitter)",
    Platform.YOUTUBE: "YouTube",
    Platform.TELEGRAM: "Telegram",
    Platform.THREADS: "Threads",
    Platform.WHATSAPP: "WhatsApp",
    Platform.PHONE: "Téléphone",
}

_USER_URLS: dict[Platform, str] = {
    Platform.INSTAGRAM: "https://www.instagram.com/{handle}/",
    Platform.TIKTOK: "https://www.tiktok.com/@{handle}",
    Platform.SNAPCHAT: "https://www.snapchat.com/add/{handle}",
    Platform.FACEBOOK: "https://www.facebook.com/{handle}",
    Platform.X: "https://x.com/{handle}",
    Platform.YOUTUBE: "https://www.youtube.com/@{handle}",
    Platform.TELEGRAM: "https://t.me/{handle}",
    Platform.THREADS: "https://www.threads.com/@{handle}",
    Platform.WHATSAPP: "https://wa.me/{digits}",
    Platform.PHONE: "tel:{handle}",
}

_ID_URLS: dict[Platform, str] = {
    Platform.TIKTOK: "https://www.tiktok.com/@{handle}",
    Platform.FACEBOOK: "https://www.facebook.com/profile.php?id={handle}",
    Platform.YOUTUBE: "https://www.youtube.com/channel/{handle}",
}


@dataclass(frozen=True)
class AccountKey:
    """One account: the platform and the stored handle (see the module docstring for its shapes)."""

    platform: Platform
    handle: str

    @property
    def id_type(self) -> IdType:
        if self.platform in PHONE_PLATFORMS:
            return IdType.PHONE
        return IdType.ID if self.handle.startswith(ID_PREFIX) else IdType.USERNAME

    @property
    def shown(self) -> str:
        """The handle as people write it: an id without its storage prefix."""
        return self.handle.removeprefix(ID_PREFIX)

    @property
    def label(self) -> str:
        return f"{self.platform}:@{self.handle}"

    @property
    def url(self) -> str:
        """The canonical profile URL (used in DSA notices), built only from the checked handle."""
        shown = self.shown
        if self.id_type is IdType.ID and self.platform in _ID_URLS:
            return _ID_URLS[self.platform].format(handle=shown)
        return _USER_URLS[self.platform].format(handle=shown, digits=shown.lstrip("+"))
