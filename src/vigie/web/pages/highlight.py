"""Cut a post into plain and highlighted pieces from the scanner's reason spans (pure).

Reasons carry ``start``/``end`` offsets into the original text; spans may overlap or fall outside
the text (a bug elsewhere must not break the page), so offsets are clamped and overlapping spans
merged. The template escapes every piece: nothing from the post is ever trusted as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    reason: int  # index of the reason in the scan result (its number on the page is reason + 1)


@dataclass(slots=True)
class Piece:
    text: str
    reasons: list[int] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return bool(self.reasons)


def _clamped(spans: Iterable[Span], length: int) -> list[Span]:
    kept = []
    for span in spans:
        start, end = max(0, min(span.start, length)), max(0, min(span.end, length))
        if end > start:
            kept.append(Span(start, end, span.reason))
    return sorted(kept, key=lambda s: (s.start, s.end))


def _merged(spans: list[Span]) -> list[tuple[int, int, list[int]]]:
    groups: list[tuple[int, int, list[int]]] = []
    for span in spans:
        if groups and span.start < groups[-1][1]:
            start, end, reasons = groups[-1]
            groups[-1] = (start, max(end, span.end), [*reasons, span.reason])
        else:
            groups.append((span.start, span.end, [span.reason]))
    return groups


def pieces(text: str, spans: Iterable[Span]) -> list[Piece]:
    """Plain and marked pieces that, joined, give back ``text`` exactly."""
    out: list[Piece] = []
    cursor = 0
    for start, end, reasons in _merged(_clamped(spans, len(text))):
        if start > cursor:
            out.append(Piece(text[cursor:start]))
        out.append(Piece(text[start:end], sorted(set(reasons))))
        cursor = end
    if cursor < len(text):
        out.append(Piece(text[cursor:]))
    return out
