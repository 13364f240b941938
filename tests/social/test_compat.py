"""Account keys already stored by the old ``reports/normalize.py`` rules stay the same.

``report_account`` and ``user_linked_handle`` hold ``(platform, handle)`` written by the earlier
rules; a new report about the same account must find that row. For every input those rules
accepted and that names an account, the key is unchanged — with the deliberate changes listed at
the end, each a case where the old key was wrong.
"""

from __future__ import annotations

import pytest

from vigie.social import normalise_account

# (platform, text, the key the old rules stored), taken by running those rules on the inputs.
UNCHANGED = [
    ("instagram", "@Lips.By.Jess", "lips.by.jess"),
    ("", "https://www.instagram.com/martin_dupont/p/BxKRx5CHn5i/", "martin_dupont"),
    ("", "http://m.instagram.com/Lips.By.Jess", "lips.by.jess"),
    ("", "https://www.instagr.am/__disco__dude", "__disco__dude"),
    ("tiktok", "@fake.inject", "fake.inject"),
    ("", "https://www.tiktok.com/@barudakhb_/video/6984138651336838402", "barudakhb_"),
    ("", "snapchat.com/add/Botox.Paris?share_id=1", "botox.paris"),
    ("", "https://www.facebook.com/profile.php?id=100012345678", "id:100012345678"),
    ("facebook", "id:100012345678", "id:100012345678"),
    ("", "http://fr-fr.facebook.com/naat.ouhafs.92?rc=p&__tn__=R", "naat.ouhafs.92"),
    ("", "https://www.facebook.com/astucerie/posts/428202057564823", "astucerie"),
    ("", "https://twitter.com/medialab_ScPo/status/1284154793376784385", "medialab_scpo"),
    ("twitter", "@injectrice_75", "injectrice_75"),
    ("", "https://www.youtube.com/@28minutesARTE", "28minutesarte"),
    ("", "http://www.youtube.com/c/NadineMoranoOfficiel", "nadinemoranoofficiel"),
    ("", "http://www.youtube.com/user/ojimfrance", "ojimfrance"),
    ("", "https://www.youtube.com/taranisnews", "taranisnews"),
    ("", "t.me/injections_paris", "injections_paris"),
    ("", "https://telegram.me/guigougu", "guigougu"),
]

# Deliberate changes: the old key named a page, not the account, or mixed ids with usernames.
CHANGED = [
    # old: ("facebook", "people") and ("facebook", "permalink.php")
    ("", "https://www.facebook.com/people/Clare-Roche/100020635422861", "id:100020635422861"),
    (
        "",
        "https://www.facebook.com/permalink.php?story_fbid=1&id=598338556946671",
        "id:598338556946671",
    ),
    # old: the bare digits, a second key for the profile.php?id= account
    ("", "https://www.facebook.com/100004123456789", "id:100004123456789"),
    ("facebook", "@100004123456789", "id:100004123456789"),
    # old: a username of 19 digits, and a lower-cased (so wrong) YouTube channel id
    ("", "https://www.tiktok.com/@6820838815978423302", "id:6820838815978423302"),
    ("youtube", "UCWvUxN9LAjJ-sTc5JJ3gEyA", "id:UCWvUxN9LAjJ-sTc5JJ3gEyA"),
]


@pytest.mark.parametrize(("platform", "text", "stored"), UNCHANGED + CHANGED)
def test_stored_key(platform: str, text: str, stored: str) -> None:
    assert normalise_account(platform, text).handle == stored


def test_the_shown_handle_of_a_facebook_id_is_its_digits() -> None:
    key = normalise_account("", "https://www.facebook.com/profile.php?id=100012345678")
    assert (key.handle, key.shown, key.label) == (
        "id:100012345678",
        "100012345678",
        "facebook:@id:100012345678",
    )
