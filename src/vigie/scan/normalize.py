"""Normalise social-media text for matching, keeping a map back to the original characters.

Posts hide their words from naive filters: ``B0TOX``, ``b.o.t.o.x``, ``h y a l u``, ``💉👄``,
``dispo en mp``. Signals match the normalised text, but every hit must point at the ORIGINAL
characters so a page can highlight them; hence each normalised character remembers the original
span it came from (``starts[i]``/``ends[i]``).

Two passes, both pure:

1. a one-to-one fold (lowercase, accents and fancy Unicode letters stripped, typographic
   punctuation made plain) that leaves offsets unchanged;
2. one regex pass that rewrites the few multi-character patterns (emoji to words, spelled-out
   letters, leetspeak, stretched letters, abbreviations); each replacement character maps to the
   whole original span it replaced.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

EMOJI_WORDS: dict[str, str] = {
    "💉": "injection",
    "🍒": "levres",
    "💋": "levres",
    "👄": "levres",
    "🫦": "levres",
    "💰": "prix",
    "💸": "prix",
    "💶": "prix",
    "🤑": "prix",
    "🏷": "prix",
    "📍": "lieu",
    "🏠": "domicile",
    "🏡": "domicile",
    "🏨": "hotel",
    "🚗": "deplacement",
    "📩": "message",
    "📥": "message",
    "✉": "message",
    "📲": "message",
    "📱": "message",
    "💬": "message",
    "🔥": "promo",
    "⚡": "flash",
    "📅": "date",
    "🗓": "date",
    "🩺": "medecin",
    "⚕": "medecin",
    "⚠": "attention",
    "🚨": "attention",
    "🎓": "formation",
    "📜": "certificat",
    "👻": "snapchat",
}

# Abbreviations expanded only as whole words. "AH" is expanded only when written in capitals,
# because "ah" is also an interjection.
ABBREVIATIONS: dict[str, str] = {
    "rdv": "rendez-vous",
    "rdvs": "rendez-vous",
    "dispo": "disponible",
    "dispos": "disponibles",
    "mp": "message prive",
    "dm": "message prive",
    "dms": "message prive",
    "pv": "prive",
    "inbox": "message prive",
    "hyalu": "hyaluronique",
    "bx": "botox",
    "snap": "snapchat",
    "wsp": "whatsapp",
    "whats": "whatsapp",
    "whatsap": "whatsapp",
    "tel": "telephone",
    "pr": "pour",
    "ds": "dans",
    "tt": "tout",
    "insta": "instagram",
}
_CAPITALS_ONLY = {"ah": "acide hyaluronique"}
_LIGATURES = {"œ": "oe", "æ": "ae"}

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s"})
_PLAIN = {"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "–": "-", "—": "-", "‑": "-"}
_PLAIN.update({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "«": '"', "»": '"', "“": '"', "”": '"'})


def _fold_char(char: str) -> str | None:
    """The single lowercase ASCII-ish character ``char`` folds to, or None to keep it."""
    if char in _PLAIN:
        return _PLAIN[char]
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if len(base) == 1 and base != char:
        return base
    if len(base) != 1 and char.lower() != char and len(char.lower()) == 1:
        return char.lower()
    return None


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    ranges = [range(0x80), range(0x80, 0x2500), range(0xFF00, 0xFFF0), range(0x1D400, 0x1D800)]
    table: dict[int, str] = {}
    for block in ranges:
        for code in block:
            folded = _fold_char(chr(code))
            if folded is not None:
                table[code] = folded
    return table


def fold(text: str) -> str:
    """Lowercase, strip accents and fancy letters; the result has exactly ``len(text)`` characters."""
    return text.translate(_fold_table())


_EMOJI_ALT = "|".join(sorted((re.escape(e) for e in EMOJI_WORDS), key=len, reverse=True))
_ABBR_ALT = "|".join(sorted(list(ABBREVIATIONS) + list(_CAPITALS_ONLY), key=len, reverse=True))
_SPECIAL = re.compile(
    rf"(?P<emoji>{_EMOJI_ALT})"
    r"|(?P<joiner>[\ufe0f\u200d\u200b\u200c])"
    r"|(?P<spelled>(?<![\w@$])(?:[a-z0134@$](?:[ .\-*_·/]{1,2}))"
    r"{2,}[a-z0134@$](?![\w@$]))"
    r"|(?P<leet>(?<![\w@$])(?=[\w@$]*[a-z][\w@$]*[a-z][\w@$]*[a-z])[a-z]+[0134@$][a-z0134@$]*"
    r"(?![\w@$]))"
    r"|(?P<stretch>([a-z])\6{2,})"
    rf"|(?P<abbr>(?<![\w@$-])(?:{_ABBR_ALT})(?![\w@$-]))"
    r"|(?P<ligature>[œæ])"
)


@dataclass(frozen=True, slots=True)
class Normalized:
    """``text`` is the normalised string; ``starts``/``ends`` map each of its characters back."""

    original: str
    text: str
    starts: list[int]
    ends: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the normalised slice ``text[start:end]``."""
        if end <= start or start >= len(self.text):
            anchor = self.starts[start] if start < len(self.starts) else len(self.original)
            return anchor, anchor
        return self.starts[start], self.ends[end - 1]


def _unleet(token: str) -> str:
    """Replace digits standing for letters (``b0tox``, ``l1ps``), not quantities (``2ml``)."""
    chars = list(token)
    for index, char in enumerate(chars):
        after = chars[index + 1] if index + 1 < len(chars) else ""
        if char in "0134@$" and chars[index - 1].isalpha() and (after.isalpha() or not after):
            chars[index] = char.translate(_LEET)
    return "".join(chars)


def _replace(match: re.Match[str], original: str) -> str:
    kind = match.lastgroup
    value = match.group(0)
    if kind == "emoji":
        return f" {EMOJI_WORDS[value]} "
    if kind == "joiner":
        return ""
    if kind == "ligature":  # "sœur" is written "soeur" too: the cues read one spelling
        return _LIGATURES[value]
    if kind == "spelled":
        letters = "".join(c for c in value if c.isalnum() or c in "@$").translate(_LEET)
        return letters if len(letters) >= 3 else value
    if kind == "leet":
        return _unleet(value)
    if kind == "stretch":
        return value[0]
    expanded = ABBREVIATIONS.get(value)
    if expanded is not None:
        return expanded
    if original[match.start() : match.end()].isupper():
        return _CAPITALS_ONLY[value]
    return value


def normalize(text: str) -> Normalized:
    """Normalise ``text`` (see module docstring); always keeps the offset map exact."""
    base = fold(text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in _SPECIAL.finditer(base):
        start, end = match.span()
        if start > position:
            out.append(base[position:start])
            starts.extend(range(position, start))
            ends.extend(range(position + 1, start + 1))
        replacement = _replace(match, text)
        out.append(replacement)
        starts.extend([start] * len(replacement))
        ends.extend([end] * len(replacement))
        position = end
    if position < len(base):
        out.append(base[position:])
        starts.extend(range(position, len(base)))
        ends.extend(range(position + 1, len(base) + 1))
    return Normalized(text, "".join(out), starts, ends)


Normalizer = Callable[[str], Normalized]
