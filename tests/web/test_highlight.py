"""Highlighting reason spans in a post (pure, table-driven)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.web.pages.highlight import Span, pieces

CASES = [
    ("no spans", "abc", [], [("abc", [])]),
    ("one span", "promo lèvres", [Span(0, 5, 0)], [("promo", [0]), (" lèvres", [])]),
    ("at the end", "abc def", [Span(4, 7, 1)], [("abc ", []), ("def", [1])]),
    ("overlap merges", "abcdef", [Span(0, 3, 0), Span(2, 5, 1)], [("abcde", [0, 1]), ("f", [])]),
    ("adjacent stay apart", "abcd", [Span(0, 2, 0), Span(2, 4, 1)], [("ab", [0]), ("cd", [1])]),
    ("out of range is clamped", "abc", [Span(1, 99, 0)], [("a", []), ("bc", [0])]),
    ("empty and inverted are dropped", "abc", [Span(2, 2, 0), Span(3, 1, 1)], [("abc", [])]),
    ("negative start clamped", "abc", [Span(-5, 1, 0)], [("a", [0]), ("bc", [])]),
]


@pytest.mark.parametrize(("name", "text", "spans", "expected"), CASES, ids=[c[0] for c in CASES])
def test_pieces(
    name: str, text: str, spans: list[Span], expected: list[tuple[str, list[int]]]
) -> None:
    assert [(p.text, p.reasons) for p in pieces(text, spans)] == expected


@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=6),
)
def test_pieces_always_give_back_the_text(text: str, bounds: list[tuple[int, int]]) -> None:
    spans = [Span(a, b, i) for i, (a, b) in enumerate(bounds)]
    assert "".join(p.text for p in pieces(text, spans)) == text
