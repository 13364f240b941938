"""Property tests: every spelling of one account gives one key; no text makes the parser raise."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vigie.social import AccountKey, Kind, Platform, parse_account
from vigie.social.paths import X_RESERVED
from vigie.social.paths_meta import FACEBOOK_POSTS, FACEBOOK_RESERVED, INSTAGRAM_RESERVED

NOISE = st.sampled_from(
    ["", "?igshid=abc", "?utm_source=ig_web&utm_medium=copy_link", "?hl=fr", "#:~:text=botox"]
)
HOST_PREFIX = st.sampled_from(["https://www.", "http://", "https://m.", "", "www."])


def _keys(forms: list[tuple[str, str | None]]) -> set[AccountKey | None]:
    return {parse_account(text, platform).key for text, platform in forms}


META = st.from_regex(r"[a-z0-9_]([a-z0-9_]|\.(?!\.)){1,20}[a-z0-9_]", fullmatch=True)


@given(name=META.filter(lambda n: n not in INSTAGRAM_RESERVED), prefix=HOST_PREFIX, noise=NOISE)
def test_instagram_and_threads(name: str, prefix: str, noise: str) -> None:
    upper = name.upper()
    instagram = [
        (f"@{upper}", "instagram"),
        (f"{prefix}instagram.com/{upper}/{noise}", None),
        (f"https://www.instagram.com/stories/{name}/3570766765028588805/", None),
        (f"https://www.instagram.com/{name}/p/BxKRx5CHn5i/{noise}", None),
        (f"https://instagr.am/{name}", "instagram"),
        (f"https://ig.me/m/{name}", None),
    ]
    assert _keys(instagram) == {AccountKey(Platform.INSTAGRAM, name)}
    threads = [(f"@{name}", "threads"), (f"{prefix}threads.net/@{upper}{noise}", None)]
    threads += [(f"https://www.threads.com/@{name}/post/Cvabd9_PAbI", None)]
    assert _keys(threads) == {AccountKey(Platform.THREADS, name)}


@given(name=st.from_regex(r"[a-z0-9._]{1,23}[a-z0-9_]", fullmatch=True), noise=NOISE)
def test_tiktok(name: str, noise: str) -> None:
    forms = [
        (f"@{name}", "tiktok"),
        (f"https://www.tiktok.com/@{name.upper()}{noise}", None),
        (f"tiktok.com/@{name}/video/7300000000000000000{noise}", None),
        (f"https://m.tiktok.com/@{name}/live", "tiktok"),
    ]
    keys = _keys(forms)
    assert len(keys) == 1
    assert None not in keys


@given(
    name=st.from_regex(r"[a-z][a-z0-9.]{3,29}[a-z0-9]", fullmatch=True).filter(
        lambda n: n not in FACEBOOK_RESERVED | FACEBOOK_POSTS and not n.endswith(".php")
    ),
    prefix=st.sampled_from(["https://www.", "https://m.", "https://fr-fr.", "https://es-la.", ""]),
)
def test_facebook_names(name: str, prefix: str) -> None:
    forms = [
        (f"@{name}", "facebook"),
        (f"{prefix}facebook.com/{name}/", None),
        (f"https://fb.com/{name}?ref=bookmarks", None),
        (f"https://www.facebook.com/{name}/posts/10153807558977570", None),
    ]
    assert _keys(forms) == {AccountKey(Platform.FACEBOOK, name)}


@given(account_id=st.from_regex(r"[1-9][0-9]{4,16}", fullmatch=True))
def test_facebook_ids(account_id: str) -> None:
    forms = [
        (account_id, "facebook"),
        (f"https://www.facebook.com/profile.php?id={account_id}&sk=about", None),
        (f"https://www.facebook.com/people/Jess-Lips/{account_id}", None),
        (f"https://www.facebook.com/permalink.php?story_fbid=1&amp;id={account_id}", None),
        (f"https://m.facebook.com/story.php?story_fbid=pfbid0abc&id={account_id}", None),
        (f"https://www.facebook.com/{account_id}/videos/106560053808006/", None),
    ]
    assert _keys(forms) == {AccountKey(Platform.FACEBOOK, f"id:{account_id}")}


@given(name=st.from_regex(r"[a-z0-9_]{1,15}", fullmatch=True).filter(lambda n: n not in X_RESERVED))
def test_x(name: str) -> None:
    forms = [
        (f"@{name}", "x"),
        (f"@{name}", "twitter"),
        (f"https://twitter.com/{name.upper()}?s=19", None),
        (f"https://x.com/{name}/status/1598743914602613250", None),
        (f"https://mobile.twitter.com/@{name}", None),
        (f"https://twitter.com/#!/{name}", None),
    ]
    assert _keys(forms) == {AccountKey(Platform.X, name)}


@given(channel=st.from_regex(r"UC[A-Za-z0-9_-]{22}", fullmatch=True))
def test_youtube_channel_ids_keep_their_case(channel: str) -> None:
    forms = [
        (channel, "youtube"),
        (f"https://www.youtube.com/channel/{channel}", None),
        (f"https://m.youtube.com/channel/{channel}/videos?view=0", None),
        (f"https://music.youtube.com/channel/{channel}", None),
    ]
    assert _keys(forms) == {AccountKey(Platform.YOUTUBE, f"id:{channel}")}


@given(subscriber=st.from_regex(r"6[0-2][0-9]{7}", fullmatch=True))  # 0639, 069x: overseas
def test_a_french_mobile_in_every_spelling(subscriber: str) -> None:
    pairs = " ".join(subscriber[i : i + 2] for i in range(1, 9, 2))
    national = f"0{subscriber[0]} {pairs}"
    e164 = f"+33{subscriber}"
    phone = [(national, None), (e164, "phone"), (f"0033{subscriber}", None), (f"tel:{e164}", None)]
    assert _keys(phone) == {AccountKey(Platform.PHONE, e164)}
    whatsapp = [
        (national, "whatsapp"),
        (f"https://wa.me/33{subscriber}", None),
        (f"https://api.whatsapp.com/send?phone=33{subscriber}&amp;text=RDV", None),
        (f"whatsapp://send?phone=33{subscriber}", None),
    ]
    assert _keys(whatsapp) == {AccountKey(Platform.WHATSAPP, e164)}


@given(text=st.text(max_size=320), platform=st.sampled_from([None, *Platform, "zz"]))
def test_any_text_gets_an_answer_never_an_exception(text: str, platform: str | None) -> None:
    result = parse_account(text, platform)
    assert (result.kind is Kind.ACCOUNT) == (result.key is not None)
    assert (result.message is None) == (result.kind is Kind.ACCOUNT)


@given(
    url=st.builds(
        "".join,
        st.lists(st.sampled_from([*list("[]:@/?#%.&=!\\ "), "instagram.com", "https://", "xn--"])),
    )
)
def test_url_shaped_junk_gets_an_answer(url: str) -> None:
    result = parse_account(url)
    assert result.kind in set(Kind)
