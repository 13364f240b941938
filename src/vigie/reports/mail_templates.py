"""One renderer for every template the outbox holds: the moderators' alerts and digests here,
everything else (reporters' updates, the accounts domain's messages) by ``notifications``; and
the extra headers some of them carry (reporters' one-click unsubscribe)."""

from __future__ import annotations

from pydantic import JsonValue

from vigie.config import Settings
from vigie.reports import moderator_mail, notifications


def render(template: str, params: dict[str, JsonValue], settings: Settings) -> tuple[str, str]:
    """The subject and body of a queued message (``outbox.Renderer``)."""
    if template in moderator_mail.TEMPLATES:
        return moderator_mail.render(template, params, settings)
    return notifications.render(template, params, settings)


def headers(template: str, params: dict[str, JsonValue], settings: Settings) -> dict[str, str]:
    """Extra headers of a queued message (``outbox.HeaderMaker``)."""
    return notifications.list_unsubscribe(template, params, settings)
