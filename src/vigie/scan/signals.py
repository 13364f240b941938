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


_WORD = re.compile(r"\w+")
_LITERAL = re.compile(r"\\b(\w+)")


def _branches(pattern: str) -> list[str]:
    """Top-level alternatives of a regex (split on ``|`` outside groups and classes)."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


_LOOKBEHIND = re.compile(r"^(?:\(\?<!(?:[^()\\]|\\.)*\))+")
_NEEDS_DIGIT = ("\\d", "\\b\\d", "-", "€", "£", "\\$")
DIGIT_KEY = "#d"
_SYMBOL_CLASS = re.compile(r"^\[([^\w\s\\^\-\]]+)\]")


def _group_end(text: str, start: int) -> int:
    """Index just after the parenthesis group opening at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "\\":
            continue
        if text[i] == "(" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif text[i] == ")" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def _branch_keys(branch: str) -> set[str] | None:
    branch = _LOOKBEHIND.sub("", branch)
    if branch.startswith("\\b"):
        branch = "\\b" + _LOOKBEHIND.sub("", branch[2:])
    if branch.startswith(_NEEDS_DIGIT):
        return {DIGIT_KEY}
    symbols = _SYMBOL_CLASS.match(branch)
    if symbols is not None:  # a class of emoji: each one is its own key
        return set(symbols.group(1))
    if branch.startswith("\\b(?:"):
        end = _group_end(branch, 2)
        inner = branch[len("\\b(?:") : end - 1]
        keys: set[str] = set()
        if branch[end : end + 1] == "?":  # an optional group: the text may start after it
            rest = _branch_keys("\\b" + branch[end + 1 :].lstrip())
            if rest is None:
                return None
            keys |= rest
        for alternative in _branches(inner):
            found = _branch_keys("\\b" + alternative)
            if found is None:
                return None
            keys |= found
        return keys
    start = _LITERAL.match(branch)
    if start is None:
        return None
    literal = start.group(1)
    if branch[start.end() : start.end() + 1] in ("?", "*", "{"):
        literal = literal[:-1]  # the last letter is optional
    return {literal[:3]} if literal else None


def prefix_keys(pattern: str) -> frozenset[str] | None:
    """Word starts (1 to 3 characters, or "a digit") one of which a text must contain to match.

    ``None`` when some alternative's start cannot be read (then the pattern always runs). A cheap
    set test then skips most patterns on most posts; a test checks the hits are unchanged.
    """
    keys: set[str] = set()
    for branch in _branches(pattern):
        found = _branch_keys(branch)
        if found is None:
            return None
        keys |= found
    return frozenset(keys)


_EMOJI = re.compile(r"[^\w\s!-~]")


def word_starts(text: str) -> set[str]:
    """Keys of ``text`` for the prefilter: word starts, "a digit", and the emoji it contains."""
    starts = {w[:k] for w in _WORD.findall(text) for k in (1, 2, 3)}
    if any(c.isdigit() for c in text):
        starts.add(DIGIT_KEY)
    starts.update(_EMOJI.findall(text))
    return starts


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, float, re.Pattern[str], str, frozenset[str] | None], ...]:
    return tuple(
        (s.signal, s.weight, re.compile(s.pattern), s.explanation, prefix_keys(s.pattern))
        for s in SIGNALS
    )


_E_AMOUNT = re.compile(r"(\d+) ?e")
_ORDINAL_NOUN = re.compile(
    r" (?:etage|arr\w*|fois|cliente?s?|seances?|zones?|annees?|places?|editions?|jours?|mois|semaines?"
    r"|anniversaire|generation|siecle|rang|position|enfant|trimestre|dose)\b"
)


def is_ordinal(text: str, match: re.Match[str]) -> bool:
    """``6e`` (Paris 6e), ``2e étage``, ``10e fois``: an ordinal, not a price in euros.

    Only the bare ``e`` spelling is ambiguous; an ordinal is a number up to 20 or one followed
    by a noun that counts (étage, fois, cliente…). ``40e la demi`` stays a price.
    """
    amount = _E_AMOUNT.fullmatch(match.group(0))
    if amount is None:
        return False
    return int(amount.group(1)) <= 20 or bool(_ORDINAL_NOUN.match(text, match.end()))


def lexicon_hits(norm: Normalized) -> list[Hit]:
    """Hits of every cue in the signal table."""
    hits = []
    text = norm.text
    starts = word_starts(text)
    for signal, weight, pattern, explanation, keys in _compiled():
        if keys is not None and keys.isdisjoint(starts):
            continue
        for match in pattern.finditer(text):
            if signal == "price" and is_ordinal(text, match):
                continue
            nstart, nend = match.span()
            start, end = norm.span(nstart, nend)
            hits.append(Hit(signal, weight, start, end, explanation, nstart, nend))
    return hits


# A named product's explanation: its brand, then what its kind means (``products.KIND_FACTS``);
# a template, so that the web layer can say it in another language.
PRODUCT_EXPLANATION = "{brand} : {fact}"


def product_hits(norm: Normalized, catalog: Catalog) -> list[Hit]:
    """Named products: brands of fillers and toxins, banned products (see the products domain)."""
    hits = []
    for found in catalog.match(norm.text):
        start, end = norm.span(found.start, found.end)
        signal = "banned_product" if found.brand.kind is ProductKind.BANNED else "product_name"
        explanation = PRODUCT_EXPLANATION.format(
            brand=found.brand.name, fact=found.brand.explanation
        )
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


# A negation's scope: what it covers points the other way. "sans injection" is not an injection,
# "pas besoin de consultation" is not a consultation, "aucun paiement par message privé" neither a
# payment nor a booking off-platform.
# "fausses injectrices" names the market to warn about it: its "injectrices" is no self-title.
# "formée par un médecin" is the cover a lay injector claims: its "médecin" is no physician.
NEGATIONS = {  # signs they cancel
    "negated_injection": 1,
    "negated_channel": 1,
    "no_consultation": -1,
    "warning_term": 1,
    "self_title": -1,
}


def _negate(hits: list[Hit]) -> list[Hit]:
    """Drop hits lying inside a negation of another signal that cancels their direction.

    A scope may itself lie in another one: the self-title in "fausses injectrices" is cancelled.
    """
    scopes = [(h, NEGATIONS[h.signal]) for h in hits if h.signal in NEGATIONS]
    if not scopes:
        return hits
    return [
        h
        for h in hits
        if not any(
            s.signal != h.signal
            and s.nstart <= h.nstart
            and h.nend <= s.nend
            and (h.weight > 0) == (sign > 0)
            for s, sign in scopes
        )
    ]


# "RPPS 10000000001" that fails the Luhn check is no physician's identity: the word just before
# an invalid number is not counted as one (it would lower the score of a forged claim).
_CLAIM_GAP = 12


def _drop_forged_identity(hits: list[Hit]) -> list[Hit]:
    invalid = [h.nstart for h in hits if h.signal == "invalid_rpps"]
    if not invalid:
        return hits
    return [
        h
        for h in hits
        if h.signal != "physician_identity"
        or not any(0 <= start - h.nend <= _CLAIM_GAP for start in invalid)
    ]


def find_signals(norm: Normalized, catalog: Catalog | None = None) -> list[Hit]:
    """All signal hits of one text, in reading order."""
    hits = lexicon_hits(norm) + identifier_hits(norm)
    if catalog is not None:
        hits.extend(product_hits(norm, catalog))
    return _dedupe(_negate(_drop_forged_identity(hits)))
