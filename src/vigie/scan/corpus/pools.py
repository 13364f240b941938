"""Mechanics of the corpus generator: phrase pools split between train and eval, slots, noise.

Every pool is a list of variants; a seeded shuffle gives about a quarter of each pool (of four or
more variants) to the evaluation split only, so evaluation posts use phrasings, cities and names
training never saw. Slots (``{city}``) are filled recursively from the pools.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Mapping, Sequence

_SLOT = re.compile(r"\{([a-z_0-9]+)\}")
# Pools used only by evaluation-only families: already unseen by training, so not split.
UNSPLIT = frozenset({"u_question", "l_dm", "f_drname"})


class Pools:
    def __init__(
        self, pools: Mapping[str, Sequence[str]], split: str, rng: random.Random, seed: int = 7
    ) -> None:
        self._rng = rng
        self._pools: dict[str, list[str]] = {}
        for name, variants in pools.items():
            items = list(dict.fromkeys(variants))
            random.Random(f"{seed}:{name}").shuffle(items)  # noqa: S311 (reproducible data, not security)
            cut = len(items) // 4 if len(items) >= 4 and name not in UNSPLIT else 0
            eval_part, train_part = items[:cut], items[cut:]
            self._pools[name] = (eval_part or items) if split == "eval" else train_part

    def pick(self, name: str) -> str:
        return self.fill(self._rng.choice(self._pools[name]))

    def has(self, name: str) -> bool:
        return name in self._pools

    def fill(self, template: str, depth: int = 0) -> str:
        if depth > 6:
            return template
        return _SLOT.sub(lambda m: self.fill(self._slot(m.group(1)), depth + 1), template)

    def _slot(self, name: str) -> str:
        rng = self._rng
        if name == "p":
            return str(
                rng.choice(
                    [
                        49,
                        60,
                        69,
                        79,
                        80,
                        89,
                        90,
                        99,
                        100,
                        110,
                        120,
                        129,
                        130,
                        149,
                        150,
                        160,
                        180,
                        199,
                        200,
                        220,
                        250,
                    ]
                )
            )
        if name == "p_high":
            return str(rng.choice([250, 280, 300, 320, 350, 380, 400, 450, 480, 500, 550, 600]))
        if name == "pct":
            return str(rng.choice([10, 15, 20, 25, 30, 40, 50]))
        if name == "n":
            return str(rng.randint(2, 9))
        if name == "d":
            return str(rng.randint(1, 28))
        if name == "mo":
            return f"{rng.randint(1, 12):02d}"
        if name == "ml":
            return rng.choice(["0,5", "0.5", "1", "1", "1", "2", "1,1", "0,55"])
        if name == "phone":
            return "0" + rng.choice("67") + "".join(f" {rng.randint(10, 99)}" for _ in range(4))
        if name == "fixed_phone":
            return "0" + rng.choice("12345") + "".join(f" {rng.randint(10, 99)}" for _ in range(4))
        if name == "rpps_valid":
            return _rpps(rng, valid=True)
        if name == "rpps_invalid":
            return _rpps(rng, valid=False)
        if name == "postcode":
            return f"{rng.randint(1, 95):02d}{rng.randint(0, 9)}{rng.randint(0, 9)}0"
        return self.pick(name)


def _rpps(rng: random.Random, valid: bool) -> str:
    from vigie.registry.identifiers import luhn_check_digit

    payload = "10" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    digit = luhn_check_digit(payload)
    if not valid:
        digit = str((int(digit) + rng.randint(1, 9)) % 10)
    return payload + digit


# --- noise: how real posts are written ---------------------------------------------------------

_ABBREV = [
    ("rendez-vous", "rdv"),
    ("disponible", "dispo"),
    ("message privé", "mp"),
    ("acide hyaluronique", "AH"),
    ("botox", "bx"),
    ("pour", "pr"),
    ("dans", "ds"),
    ("toujours", "tjrs"),
    ("aujourd'hui", "auj"),
    ("beaucoup", "bcp"),
    ("quelque chose", "qqch"),
    ("s'il vous plaît", "svp"),
]
_LEET = {"o": "0", "i": "1", "e": "3", "a": "4"}
_TARGETS = re.compile(
    r"(?i)\b(botox|hyalu\w*|injections?|filler|lèvres|levres|lips|acide|toxine|seringue)\b"
)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _spell(word: str, rng: random.Random) -> str:
    style = rng.randrange(4)
    if style == 0:
        return ".".join(word)
    if style == 1:
        return " ".join(word)
    if style == 2:
        return "".join(_LEET.get(c.lower(), c) if rng.random() < 0.6 else c for c in word)
    return word.upper()


def add_noise(text: str, rng: random.Random, games: float) -> str:
    """Abbreviations, missing accents, case, spelling games (probability ``games``), typos."""
    if rng.random() < 0.5:
        for long, short in _ABBREV:
            if long in text and rng.random() < 0.6:
                text = text.replace(long, short)
    if rng.random() < games:
        text = _TARGETS.sub(
            lambda m: _spell(m.group(0), rng) if rng.random() < 0.7 else m.group(0), text
        )
    roll = rng.random()
    if roll < 0.35:
        text = strip_accents(text)
    if roll < 0.12:
        text = text.lower()
    elif roll > 0.95:
        text = text.upper()
    if rng.random() < 0.15 and len(text) > 20:
        i = rng.randrange(1, len(text) - 1)
        if text[i].isalpha() and text[i + 1].isalpha():
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return re.sub(r"[ \t]{2,}", " ", text).strip()
