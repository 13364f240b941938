"""``normalise_account``: the raising twin of ``parse_account`` that forms and routes call."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.errors import InvalidInput
from vigie.social import ID_RULES, USERNAME_RULES, IdType, Platform, normalise_account
from vigie.social.paths_meta import INSTAGRAM_POSTS, INSTAGRAM_RESERVED

SAME_ACCOUNT = [
    ("instagram", "@Lips.By.Jess", "instagram", "lips.by.jess"),
    ("", "instagram.com/lips.by.jess/", "instagram", "lips.by.jess"),
    ("instagram", "https://www.instagram.com/lips.by.jess/?igsh=abc", "instagram", "lips.by.jess"),
    ("", "http://m.instagram.com/Lips.By.Jess", "instagram", "lips.by.jess"),
    ("tiktok", "@fake.inject", "tiktok", "fake.inject"),
    ("", "https://www.tiktok.com/@fake.inject/video/7300000000000000000", "tiktok", "fake.inject"),
    ("", "tiktok.com/@FAKE.INJECT?lang=fr", "tiktok", "fake.inject"),
    ("snapchat", "botox.paris", "snapchat", "botox.paris"),
    ("", "https://www.snapchat.com/add/botox.paris", "snapchat", "botox.paris"),
    ("", "snapchat.com/add/Botox.Paris?share_id=1", "snapchat", "botox.paris"),
    ("", "https://www.facebook.com/profile.php?id=100012345678", "facebook", "id:100012345678"),
    ("", "https://twitter.com/injectrice_75", "x", "injectrice_75"),
    ("twitter", "@injectrice_75", "x", "injectrice_75"),
    ("", "https://www.youtube.com/@injections-tv", "youtube", "injections-tv"),
    ("", "t.me/injections_paris", "telegram", "injections_paris"),
]


@pytest.mark.parametrize(("platform", "text", "want_platform", "want_handle"), SAME_ACCOUNT)
def test_spellings_normalise_to_one_key(
    platform: str, text: str, want_platform: str, want_handle: str
) -> None:
    key = normalise_account(platform, text)
    assert (key.platform.value, key.handle) == (want_platform, want_handle)


@pytest.mark.parametrize(
    ("platform", "text"),
    [
        ("instagram", ""),
        ("", "@no.platform"),
        ("instagram", "a" * 2000),
        ("instagram", "<script>alert(1)</script>"),
        ("", "https://www.instagram.com/p/Cx12345/"),
        ("", "https://vm.tiktok.com/ZMabcdef/"),
        ("", "https://www.tiktok.com/video/123"),
        ("", "https://evil.example/@x"),
        ("tiktok", "https://www.instagram.com/someone/"),
        ("myspace", "@x"),
        ("snapchat", "ab"),
        ("x", "name_far_too_long_for_x"),
        ("", "https://[x"),
        ("", "instagram.com:80]/x"),
    ],
)
def test_junk_is_refused_with_a_field(platform: str, text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_account(platform, text)
    assert caught.value.details["field"] in ("account", "platform")


def test_a_refusal_names_its_reason() -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_account(None, "https://www.instagram.com/p/Cx12345/")
    assert caught.value.details == {"field": "account", "reason": "post"}


def test_profile_url_is_built_from_the_checked_handle() -> None:
    assert normalise_account("", "tiktok.com/@x.y").url == "https://www.tiktok.com/@x.y"


@given(
    platform=st.sampled_from(["", "instagram", "tiktok", "x", "facebook", "phone", "zz"]),
    text=st.text(max_size=400),
)
def test_any_text_gives_a_valid_key_or_a_clear_refusal(platform: str, text: str) -> None:
    refusal: InvalidInput | None = None
    try:
        key = normalise_account(platform, text)
    except InvalidInput as exc:
        refusal = exc
    if refusal is not None:
        assert refusal.details["field"] in ("account", "platform")
        assert refusal.message
        return
    if key.id_type is IdType.ID:
        assert ID_RULES[key.platform].fullmatch(key.shown)
    elif key.id_type is IdType.USERNAME:
        assert USERNAME_RULES[key.platform].fullmatch(key.handle)
    assert normalise_account(key.platform.value, key.shown) == key


@given(
    handle=st.from_regex(r"[a-z0-9_]([a-z0-9_]|\.(?!\.)){0,28}[a-z0-9_]", fullmatch=True).filter(
        lambda h: h not in INSTAGRAM_POSTS | INSTAGRAM_RESERVED | {"s", "share", "stories"}
    )
)
def test_instagram_spellings_agree(handle: str) -> None:
    forms = [
        f"@{handle}",
        f"https://www.instagram.com/{handle}/",
        f"instagram.com/{handle.upper()}",
    ]
    keys = {normalise_account("instagram", form) for form in forms}
    assert keys == {normalise_account(Platform.INSTAGRAM, handle)}
