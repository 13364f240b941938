"""Identifiers found in free text: every kind with its exact span, and the look-alikes that are not
identifiers (prices, dates, postcodes, RPPS/ADELI/SIRET numbers, e-mail addresses, post links)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.social import AccountKey, Platform
from vigie.social.identifiers import find_identifiers, match_key, shown_identifier

IG, SNAP, TIKTOK = Platform.INSTAGRAM, Platform.SNAPCHAT, Platform.TIKTOK
WA, PHONE = Platform.WHATSAPP, Platform.PHONE
NUMBER = "+33612345678"

# (text, the text's own platform, [(platform, stored handle, exact excerpt)])
FOUND: list[tuple[str, Platform | None, list[tuple[Platform, str, str]]]] = [
    ("RDV au 06 12 34 56 78", None, [(PHONE, NUMBER, "06 12 34 56 78")]),
    ("WhatsApp 06 12 34 56 78 ✨", None, [(WA, NUMBER, "06 12 34 56 78")]),
    ("whatsapp : 06.12.34.56.78", None, [(WA, NUMBER, "06.12.34.56.78")]),
    ("dispo sur wsp 0612345678", None, [(WA, NUMBER, "0612345678")]),
    ("tél. 06-12-34-56-78", None, [(PHONE, NUMBER, "06-12-34-56-78")]),
    ("+33 6 12 34 56 78 pour réserver", None, [(PHONE, NUMBER, "+33 6 12 34 56 78")]),
    ("appelez le 0033 6 12 34 56 78", None, [(PHONE, NUMBER, "0033 6 12 34 56 78")]),
    ("fixe : 01 42 34 56 78", None, [(PHONE, "+33142345678", "01 42 34 56 78")]),
    ("UK +44 7911 123456", None, [(PHONE, "+447911123456", "+44 7911 123456")]),
    # A price or a count run into the number does not hide it.
    ("WhatsApp 06 12 34 56 78 160 eur", None, [(WA, NUMBER, "06 12 34 56 78")]),
    ("📲 06 12 34 56 78 2ème zone", None, [(PHONE, NUMBER, "06 12 34 56 78")]),
    ("📲 06 12 34 56 78 49€ la séance", None, [(PHONE, NUMBER, "06 12 34 56 78")]),
    # Overseas departments: French national spelling, their own country codes.
    ("Guadeloupe 06 90 97 91 86", None, [(PHONE, "+590690979186", "06 90 97 91 86")]),
    ("Martinique 0696 12 34 56", None, [(PHONE, "+596696123456", "0696 12 34 56")]),
    ("📲 wa.me/33612345678", None, [(WA, NUMBER, "wa.me/33612345678")]),
    ("https://wa.me/33612345678.", None, [(WA, NUMBER, "https://wa.me/33612345678")]),
    (
        "(https://api.whatsapp.com/send?phone=33612345678&text=Bonjour)",
        None,
        [(WA, NUMBER, "https://api.whatsapp.com/send?phone=33612345678&text=Bonjour")],
    ),
    (
        "ancien compte https://www.instagram.com/lips.by.sarah2/?igshid=x, suivez-moi",
        None,
        [(IG, "lips.by.sarah2", "https://www.instagram.com/lips.by.sarah2/?igshid=x")],
    ),
    ("tiktok.com/@Sarah.Lips", None, [(TIKTOK, "sarah.lips", "tiktok.com/@Sarah.Lips")]),
    ("t.me/lipsbysarah", None, [(Platform.TELEGRAM, "lipsbysarah", "t.me/lipsbysarah")]),
    ("insta : @lips.by.sarah", None, [(IG, "lips.by.sarah", "@lips.by.sarah")]),
    ("mon tiktok @sarah_lips.", IG, [(TIKTOK, "sarah_lips", "@sarah_lips")]),
    ("suivez @Lips.By.Sarah !", IG, [(IG, "lips.by.sarah", "@Lips.By.Sarah")]),
    ("snap : sarah_inj75", None, [(SNAP, "sarah_inj75", "sarah_inj75")]),
    ("👻 lips.sarah2", None, [(SNAP, "lips.sarah2", "lips.sarah2")]),
    (
        "insta @lips.sarah et WhatsApp wa.me/33612345678",
        None,
        [(IG, "lips.sarah", "@lips.sarah"), (WA, NUMBER, "wa.me/33612345678")],
    ),
    (
        "06 12 34 56 78 / 07 98 76 54 32",
        None,
        [(PHONE, NUMBER, "06 12 34 56 78"), (PHONE, "+33798765432", "07 98 76 54 32")],
    ),
]

NOT_IDENTIFIERS = [
    "Promo lèvres 150€ au lieu de 250€, 1 500 € le pack",
    "prix 250 300 350 400 euros, 2x1ml, -20%",
    "le 12/03/2024 à 14h30, du 01.02.2024 au 03.04.2024, 2024-03-12",
    "75011 Paris, 69002 Lyon, cedex 13008",
    "Infirmière diplômée, RPPS 10101234567",
    "mon RPPS : 10 000 000 001",
    "ADELI 751234567, SIRET 12345678901234",
    "IBAN FR76 3000 6000 0112 3456 7890 189",
    "06 12 34 56",  # too short to be a number
    "06 12 34 56 78 90",  # too long to be one
    "le 06.12.2024 à 14h30, le 01 02 2024 10 30",  # dates and times in number-like groups
    "07 17 92 78 48",  # a range no operator was ever given: cannot exist
    "612345678",  # bare national digits: no trunk 0, no +
    "écrivez à contact@sarah-lips.fr ou sarah@gmail.com",
    "Halloween 👻 promo, snap : dispo",  # a plain word after a platform word is not a name
    "insta: lien en bio",
    "@chloé",  # a name cut at an accent is not the name
    "instagram.com.evil.test/lips et іnstagram.com/lips",  # look-alike hosts
    "https://www.instagram.com/p/Cxyz123/ et https://www.tiktok.com/@/video/1",  # posts
    "https://chat.whatsapp.com/AbCdEf et https://vm.tiktok.com/ZMabc/",  # group, short link
    "https://www.instagram.com/explore/ et https://x.com/home",  # the platforms' own pages
]


@pytest.mark.parametrize(("text", "platform", "expected"), FOUND)
def test_identifiers_are_found_with_their_spans(
    text: str, platform: Platform | None, expected: list[tuple[Platform, str, str]]
) -> None:
    found = find_identifiers(text, platform)
    assert [(f.key.platform, f.key.handle, f.excerpt) for f in found] == expected
    for item in found:
        assert text[item.start : item.end] == item.excerpt


@pytest.mark.parametrize("text", NOT_IDENTIFIERS)
def test_look_alikes_are_not_identifiers(text: str) -> None:
    assert find_identifiers(text, IG) == []


def test_a_bare_handle_needs_a_platform() -> None:
    assert find_identifiers("suivez @lips.by.sarah") == []
    # On a WhatsApp account's texts, an @ names no platform either.
    assert find_identifiers("suivez @lips.by.sarah", WA) == []


def test_one_number_in_every_spelling_has_one_match_key() -> None:
    spellings = [
        "06 12 34 56 78",
        "WhatsApp 0612345678",
        "+33 6 12 34 56 78",
        "wa.me/33612345678",
        "https://api.whatsapp.com/send?phone=%2B33612345678",
    ]
    keys = {f.match_key for text in spellings for f in find_identifiers(text)}
    assert keys == {"tel:+33612345678"}


def test_shown_identifiers() -> None:
    assert shown_identifier(AccountKey(WA, NUMBER)) == "+33 6 12 34 56 78"
    assert shown_identifier(AccountKey(IG, "lips.by.sarah")) == "@lips.by.sarah"
    assert shown_identifier(AccountKey(Platform.FACEBOOK, "id:100001")) == "100001"
    assert match_key(AccountKey(IG, "lips.by.sarah")) == "instagram:lips.by.sarah"


def test_output_is_bounded_and_in_reading_order() -> None:
    text = ", ".join(f"06 12 34 {n // 10}{n % 10} 78" for n in range(80))
    found = find_identifiers(text)
    assert len(found) == 50
    assert [f.start for f in found] == sorted(f.start for f in found)


@given(st.text(max_size=300))
def test_any_text_gives_spans_that_slice_it(text: str) -> None:
    for item in find_identifiers(text, IG):
        assert text[item.start : item.end] == item.excerpt
        assert item.start < item.end
