"""Normalisation: table of spelling games, and the offset map as a property."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigie.products.catalog import load_catalog
from vigie.scan.normalize import fold, normalize
from vigie.scan.signals import find_signals


@pytest.mark.parametrize(
    ("text", "contains", "original_span"),
    [
        ("Promo B0TOX ce soir", "botox", "B0TOX"),
        ("b.o.t.o.x front", "botox", "b.o.t.o.x"),
        ("h y a l u 1ml", "hyalu", "h y a l u"),
        ("Lèvres 💉 dispo", "injection", "💉"),
        ("bouche 👄 pulpeuse", "levres", "👄"),
        ("cerise 🍒", "levres", "🍒"),
        ("dispo en MP", "message prive", "MP"),
        ("infos en dm", "message prive", "dm"),
        ("rdv demain", "rendez-vous", "rdv"),
        ("injection d'AH", "acide hyaluronique", "AH"),
        ("bx front", "botox", "bx"),
        ("𝐁𝐨𝐭𝐨𝐱 lips", "botox", "𝐁𝐨𝐭𝐨𝐱"),
        ("l1ps filler", "lips", "l1ps"),
        ("hyaluuuuu", "hyalu", "hyaluuuuu"),
        ("LÈVRES RUSSES", "levres russes", "LÈVRES RUSSES"),
    ],
)
def test_spelling_games_normalise_and_map_back(
    text: str, contains: str, original_span: str
) -> None:
    norm = normalize(text)
    start = norm.text.index(contains)
    s, e = norm.span(start, start + len(contains))
    assert text[s:e] == original_span


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ah bon", "ah bon"),  # interjection: only capital AH is hyaluronic acid
        ("2ml 14h 50€", "2ml 14h 50€"),  # quantities are not leetspeak
        ("il y a", "il y a"),
    ],
)
def test_leaves_ordinary_text_alone(text: str, expected: str) -> None:
    assert normalize(text).text == expected


def test_fold_keeps_length() -> None:
    text = "Éléonore ÇA’va — œuvre 𝐁𝐨𝐭𝐨𝐱"
    assert len(fold(text)) == len(text)


_CATALOG = load_catalog()
_ALPHABET = st.sampled_from(
    [
        *"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0134@$ .-*_/éèÈàç’'\n",
        "💉",
        "👄",
        "🍒",
        "💋",
        "️",
        "\u200d",
        "𝐁",
        "AH",
        "rdv",
        "mp",
        "botox",
        "b.o.t.o.x",
        "1ml",
        "50€",
        "Dr ",
        "RPPS ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_every_reason_slices_the_original_text(text: str) -> None:
    norm = normalize(text)
    assert len(norm.starts) == len(norm.ends) == len(norm.text)
    assert all(0 <= s < e <= len(text) for s, e in zip(norm.starts, norm.ends, strict=True))
    assert norm.starts == sorted(norm.starts)
    for hit in find_signals(norm, _CATALOG):
        assert 0 <= hit.start < hit.end <= len(text)
        excerpt = text[hit.start : hit.end]
        assert excerpt.strip(), (text, hit)
