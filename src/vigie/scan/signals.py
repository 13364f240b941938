"""Signals: pure functions from a normalised post to hits (signal, weight, exact span, explanation).

Every hit carries the ORIGINAL offsets of what it matched (through ``Normalized.span``), so the
web page highlights the very characters the author wrote (``B.O.T.O.X``, ``💉``). The cue table
lives in ``lexicon``; product names come from the ``products`` catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vigie.products.catalog import Catalog, ProductKind
from vigie.registry.identifiers import check_identifier
from vigie.scan.lexicon import SIGNALS
from vigie.scan.normalize import Normalized

EXCERPT_CONTEXT = 0  # the excerpt is exactly the matched span; pages add their own context


@dataclass(frozen=True, slots=True)
class Hit:
    signal: str
    weight: float
    start: int  # original text offsets
    end: int
    explanation: str
    nstart: int  # normalised text offsets (for features and de-duplication)
    nend: int


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, float, re.Pattern[str], str], ...]:
    return tuple((s.signal, s.weight, re.compile(s.pattern), s.explanation) for s in SIGNALS)


def lexicon_hits(norm: Normalized) -> list[Hit]:
    """Hits of every cue in the signal table."""
    hits = []
    text = norm.text
    for signal, weight, pattern, explanation in _compiled():
        for match in pattern.finditer(text):
            nstart, nend = match.span()
            start, end = norm.span(nstart, nend)
            hits.append(Hit(signal, weight, start, end, explanation, nstart, nend))
    return hits


def product_hits(norm: Normalized, catalog: Catalog) -> list[Hit]:
    """Named products: brands of fillers and toxins, banned products (see the products domain)."""
    hits = []
    for found in catalog.match(norm.text):
        start, end = norm.span(found.start, found.end)
        signal = "banned_product" if found.brand.kind is ProductKind.BANNED else "product_name"
        explanation = f"{found.brand.name} : {found.brand.explanation}"
        hits.append(
            Hit(signal, found.brand.weight, start, end, explanation, found.start, found.end)
        )
    return hits


INVALID_NUMBER_WEIGHT = 2.0


def identifier_hits(norm: Normalized) -> list[Hit]:
    """Claimed RPPS/ADELI numbers that fail the Luhn check: they cannot be real (pure check)."""
    from vigie.scan.crosschecks import NUMBER_PATTERN, is_claimed_number

    hits = []
    for match in NUMBER_PATTERN.finditer(norm.text):
        if not is_claimed_number(norm.text, match):
            continue
        ident = check_identifier(match.group(0))
        if ident is not None and not ident.valid:
            start, end = norm.span(*match.span())
            hits.append(
                Hit("invalid_rpps", INVALID_NUMBER_WEIGHT, start, end, ident.reason, *match.span())
            )
    return hits


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """Drop a hit whose span lies inside a stronger hit of the same signal."""
    ordered = sorted(hits, key=lambda h: (h.nstart, -(h.nend - h.nstart), -h.weight))
    kept: list[Hit] = []
    for hit in ordered:
        inside = any(
            k.signal == hit.signal and k.nstart <= hit.nstart and hit.nend <= k.nend for k in kept
        )
        if not inside:
            kept.append(hit)
    return kept


def find_signals(norm: Normalized, catalog: Catalog | None = None) -> list[Hit]:
    """All signal hits of one text, in reading order."""
    hits = lexicon_hits(norm) + identifier_hits(norm)
    if catalog is not None:
        hits.extend(product_hits(norm, catalog))
    return _dedupe(hits)
