"""Account normalisation, table-driven and without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.errors import InvalidInput
from vigie.reports.normalize import HANDLE_RULES, RESERVED, Platform, normalise_account

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
    ],
)
def test_junk_is_refused_with_a_field(platform: str, text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        normalise_account(platform, text)
    assert caught.value.details["field"] in ("account", "platform")


def test_profile_url_is_built_from_the_checked_handle() -> None:
    assert normalise_account("", "tiktok.com/@x.y").url == "https://www.tiktok.com/@x.y"


@given(
    platform=st.sampled_from(["", "instagram", "tiktok", "x", "facebook", "zz"]),
    text=st.text(max_size=400),
)
def test_any_text_gives_a_valid_key_or_a_clear_refusal(platform: str, text: str) -> None:
    try:
        key = normalise_account(platform, text)
    except InvalidInput as exc:
        field = exc.details["field"]
        assert field in ("account", "platform")
        return
    assert HANDLE_RULES[key.platform].fullmatch(key.handle)
    assert normalise_account(key.platform.value, "@" + key.handle) == key


@given(
    handle=st.from_regex(r"[a-z0-9._]{1,30}", fullmatch=True).filter(
        lambda h: h not in RESERVED[Platform.INSTAGRAM]  # /p/, /reel/… are posts, not accounts
    )
)
def test_instagram_spellings_agree(handle: str) -> None:
    forms = [
        f"@{handle}",
        f"https://www.instagram.com/{handle}/",
        f"instagram.com/{handle.upper()}",
    ]
    keys = {normalise_account("instagram", form) for form in forms}
    assert len(keys) == 1
