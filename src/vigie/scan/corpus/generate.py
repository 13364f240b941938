"""Seeded composition generator of the labelled scan corpus (``train.jsonl`` and ``eval.jsonl``).

A post is composed by a *family* (a way of writing a kind of post: a classic ad, a city tour, a
physician quoting fees, a victim quoting an offer…) from phrase pools, with optional parts,
shuffled order, varied separators, emojis, hashtags and noise (abbreviations, missing accents,
spelling games). Held-out evaluation: some families exist only in ``eval.jsonl`` and about a quarter
of every pool's variants (phrasings, cities, names) are reserved to it, so the evaluation split
measures generalisation rather than memory. Re-run: ``uv run python -m vigie.scan.corpus.generate``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vigie.scan.corpus.phrases_common import COMMON
from vigie.scan.corpus.phrases_fake import FAKE
from vigie.scan.corpus.phrases_full import FULL
from vigie.scan.corpus.phrases_legit import LEGIT
from vigie.scan.corpus.phrases_other import OTHER
from vigie.scan.corpus.pools import Pools, add_noise

CORPUS_DIR = Path(__file__).parent
SEED = 20261123
ALL_POOLS = {**COMMON, **FAKE, **LEGIT, **OTHER, **FULL}
_SEPARATORS = [" ", " ", "\n", " • ", " | ", ". ", " - ", " ✨ ", "\n\n", " 💕 ", ", ", " 👉 "]


@dataclass(frozen=True)
class Family:
    name: str
    label: str
    weight: float
    build: Callable[[Pools, random.Random], list[str]]
    eval_only: bool = False


def _maybe(rng: random.Random, p: float, part: str) -> str:
    return part if rng.random() < p else ""


def _compose(rng: random.Random, head: list[str], tail: list[str]) -> str:
    """Join parts with one house style per post; ``tail`` parts come in a random order."""
    rng.shuffle(tail)
    sep = rng.choice(_SEPARATORS)
    parts = [p for p in [*head, *tail] if p]
    return sep.join(parts)


def _fake(families: list[Family]) -> None:
    def f(
        name: str,
        weight: float,
        build: Callable[[Pools, random.Random], list[str]],
        eval_only: bool = False,
    ) -> None:
        families.append(Family(name, "fake_injector", weight, build, eval_only))

    f(
        "fake_classic",
        3,
        lambda p, r: [
            _maybe(r, 0.6, p.pick("f_open")),
            p.pick("f_act"),
            "|",
            p.pick("f_price"),
            p.pick("f_booking"),
            _maybe(r, 0.5, p.pick("f_venue")),
            _maybe(r, 0.4, p.pick("f_payment")),
            _maybe(r, 0.3, p.pick("f_urgency")),
            _maybe(r, 0.3, p.pick("f_tags")),
        ],
    )
    f(
        "fake_euphemism",
        3,
        lambda p, r: [
            _maybe(r, 0.5, p.pick("f_open")),
            p.pick("f_euph"),
            "|",
            r.choice([p.pick("f_price"), p.pick("f_promo")]),
            p.pick("f_booking"),
            _maybe(r, 0.5, p.pick("f_venue")),
            _maybe(r, 0.3, p.pick("f_reassure")),
            _maybe(r, 0.3, p.pick("f_urgency")),
        ],
    )
    f(
        "fake_tour",
        2,
        lambda p, r: [
            p.pick("f_tour"),
            "|",
            r.choice([p.pick("f_act"), p.pick("f_euph")]),
            _maybe(r, 0.6, p.pick("f_price")),
            p.pick("f_booking"),
            _maybe(r, 0.6, p.pick("f_payment")),
        ],
    )
    f(
        "fake_result",
        2,
        lambda p, r: [
            p.pick("f_result"),
            "|",
            r.choice([p.pick("f_act"), p.pick("f_euph")]),
            _maybe(r, 0.5, p.pick("f_product")),
            _maybe(r, 0.7, p.pick("f_booking")),
            _maybe(r, 0.4, p.pick("f_price")),
            _maybe(r, 0.4, p.pick("f_closing")),
        ],
    )
    f(
        "fake_training",
        1.5,
        lambda p, r: [
            p.pick("f_training"),
            "|",
            _maybe(r, 0.5, p.pick("f_price")),
            p.pick("f_booking"),
            _maybe(r, 0.4, p.pick("f_payment")),
            _maybe(r, 0.3, p.pick("f_title")),
        ],
    )
    f(
        "fake_title",
        2,
        lambda p, r: [
            p.pick("f_title"),
            "|",
            r.choice([p.pick("f_act"), p.pick("f_euph")]),
            r.choice([p.pick("city"), p.pick("zone")]),
            p.pick("f_booking"),
            _maybe(r, 0.4, p.pick("f_reassure")),
            _maybe(r, 0.4, p.pick("f_price")),
        ],
    )
    f(
        "fake_product",
        2,
        lambda p, r: [
            p.pick("f_product"),
            "|",
            p.pick("f_act"),
            p.pick("f_price"),
            _maybe(r, 0.5, p.pick("f_promo")),
            _maybe(r, 0.6, p.pick("f_booking")),
            _maybe(r, 0.3, p.pick("f_venue")),
        ],
    )
    f(
        "fake_minimal",
        2,
        lambda p, r: [
            r.choice(["💉👄", "💉", "👄💉", "💋💉", "🍒💉", ""]),
            r.choice([p.pick("f_act"), p.pick("f_euph")]),
            "|",
            r.choice([p.pick("f_urgency"), p.pick("day")]),
            r.choice([p.pick("f_booking"), "mp", "dm", "pv"]),
        ],
    )
    f("fake_en", 1.5, lambda p, r: [p.pick("f_en"), "|", _maybe(r, 0.4, p.pick("f_tags"))])
    f(
        "fake_hyaluron_pen",
        0.8,
        lambda p, r: [
            r.choice(
                [
                    "Hyaluron pen",
                    "Stylo hyaluronique sans aiguille",
                    "Lemon Bottle 🍋 lipolyse",
                    "Hyaluron pen (sans aiguille, sans douleur)",
                ]
            ),
            "|",
            p.pick("f_price"),
            p.pick("f_booking"),
            _maybe(r, 0.5, p.pick("f_venue")),
        ],
    )
    f(
        "fake_full",
        4,
        lambda p, r: [
            p.pick("f_full"),
            "|",
            _maybe(r, 0.3, p.pick("f_tags")),
            _maybe(r, 0.2, p.pick("f_closing")),
        ],
    )
    f(
        "fake_dr_claim",
        1.2,
        lambda p, r: [
            p.pick("f_drname"),
            "|",
            p.pick("f_act"),
            p.pick("f_promo"),
            r.choice([p.pick("f_venue"), p.pick("f_booking")]),
            _maybe(r, 0.5, p.pick("f_payment")),
        ],
        eval_only=True,
    )
    f(
        "fake_story",
        1.2,
        lambda p, r: [
            r.choice(["Story du jour :", "Petit message :", "Annonce :", "Dernière minute :"]),
            p.pick("f_urgency"),
            "|",
            r.choice(["💉👄", "💋", "🍒", "lèvres", "bouche"]),
            r.choice([p.pick("f_euph"), p.pick("f_act")]),
            r.choice(["prix en pv", "tarifs en mp", p.pick("f_price")]),
            _maybe(r, 0.5, p.pick("f_venue")),
        ],
        eval_only=True,
    )


def _legit(families: list[Family]) -> None:
    def f(
        name: str,
        weight: float,
        build: Callable[[Pools, random.Random], list[str]],
        eval_only: bool = False,
    ) -> None:
        families.append(Family(name, "legit_practitioner", weight, build, eval_only))

    f(
        "legit_practice",
        2,
        lambda p, r: [
            p.pick("l_who"),
            "|",
            p.pick("l_act"),
            p.pick("l_place"),
            p.pick("l_booking"),
            _maybe(r, 0.7, p.pick("l_consult")),
            _maybe(r, 0.3, p.pick("l_tags")),
        ],
    )
    f(
        "legit_prices",
        2.5,
        lambda p, r: [
            _maybe(r, 0.6, p.pick("l_who")),
            "|",
            p.pick("l_price"),
            p.pick("l_consult"),
            _maybe(r, 0.7, p.pick("l_booking")),
            _maybe(r, 0.3, p.pick("l_place")),
        ],
    )
    f(
        "legit_promo",
        2.5,
        lambda p, r: [
            p.pick("l_promo"),
            "|",
            p.pick("l_act"),
            p.pick("l_booking"),
            _maybe(r, 0.5, p.pick("l_consult")),
            _maybe(r, 0.4, p.pick("l_tags")),
            _maybe(r, 0.4, p.pick("emoji_deco")),
        ],
    )
    f(
        "legit_edu",
        2,
        lambda p, r: [
            p.pick("l_edu"),
            "|",
            _maybe(r, 0.5, p.pick("l_who")),
            _maybe(r, 0.4, p.pick("l_tags")),
        ],
    )
    f(
        "legit_story",
        1.5,
        lambda p, r: [
            p.pick("l_story"),
            "|",
            _maybe(r, 0.5, p.pick("l_edu")),
            _maybe(r, 0.3, p.pick("l_who")),
        ],
    )
    f(
        "legit_dispo",
        1.5,
        lambda p, r: [
            p.pick("l_dispo"),
            "|",
            p.pick("l_booking"),
            _maybe(r, 0.6, p.pick("l_place")),
            _maybe(r, 0.4, p.pick("l_act")),
        ],
    )
    f(
        "legit_result",
        1.5,
        lambda p, r: [
            p.pick("l_result"),
            "|",
            _maybe(r, 0.5, p.pick("l_act")),
            _maybe(r, 0.6, p.pick("l_consult")),
            _maybe(r, 0.3, p.pick("l_who")),
        ],
    )
    f("legit_en", 1.2, lambda p, r: [p.pick("l_en")])
    f("legit_train", 0.8, lambda p, r: [p.pick("l_train"), "|", _maybe(r, 0.5, p.pick("l_who"))])
    f("legit_full", 4, lambda p, r: [p.pick("l_full"), "|", _maybe(r, 0.3, p.pick("l_tags"))])
    f(
        "legit_dm",
        1.2,
        lambda p, r: [
            p.pick("l_dm"),
            "|",
            _maybe(r, 0.6, p.pick("l_who")),
            _maybe(r, 0.5, p.pick("l_booking")),
        ],
        eval_only=True,
    )


def _other(families: list[Family]) -> None:
    def f(
        name: str,
        weight: float,
        build: Callable[[Pools, random.Random], list[str]],
        eval_only: bool = False,
    ) -> None:
        families.append(Family(name, "unrelated", weight, build, eval_only))

    selling = ["f_booking", "f_payment", "f_urgency", "u_selling"]
    f(
        "other_hair",
        2,
        lambda p, r: [
            p.pick("u_hair"),
            "|",
            _maybe(r, 0.7, p.pick(r.choice(selling))),
            _maybe(r, 0.4, "à domicile"),
            _maybe(r, 0.4, p.pick("u_tags")),
        ],
    )
    f(
        "other_cream",
        2,
        lambda p, r: [
            p.pick("u_cream"),
            "|",
            _maybe(r, 0.5, p.pick(r.choice(selling))),
            _maybe(r, 0.3, p.pick("u_tags")),
        ],
    )
    f(
        "other_tattoo",
        1.2,
        lambda p, r: [p.pick("u_tattoo"), "|", _maybe(r, 0.5, p.pick(r.choice(selling)))],
    )
    f(
        "other_nails",
        2,
        lambda p, r: [
            p.pick("u_nails"),
            "|",
            _maybe(r, 0.7, p.pick(r.choice(selling))),
            _maybe(r, 0.3, p.pick("u_tags")),
        ],
    )
    f("other_cook", 0.8, lambda p, r: [p.pick("u_cook"), "|", _maybe(r, 0.3, "#cuisine #recette")])
    f("other_health", 1.2, lambda p, r: [p.pick("u_health")])
    f("other_injection_word", 0.8, lambda p, r: [p.pick("u_other_inj")])
    f("other_news", 2, lambda p, r: [p.pick("u_news"), "|", _maybe(r, 0.3, p.pick("u_aware"))])
    f("other_victim", 2, lambda p, r: [p.pick("u_victim"), "|", _maybe(r, 0.3, p.pick("u_tags"))])
    f(
        "other_life",
        2,
        lambda p, r: [
            p.pick("u_life"),
            "|",
            _maybe(r, 0.4, p.pick("emoji_deco")),
            _maybe(r, 0.3, p.pick("hashtag_generic")),
        ],
    )
    f("other_aware", 1, lambda p, r: [p.pick("u_aware"), "|", _maybe(r, 0.3, p.pick("u_tags"))])
    f("other_en", 1.2, lambda p, r: [p.pick("u_en")])
    f("other_full", 4, lambda p, r: [p.pick("u_full"), "|", _maybe(r, 0.2, p.pick("u_tags"))])
    f(
        "other_commerce",
        2,
        lambda p, r: [
            p.pick("u_commerce"),
            "|",
            p.fill(r.choice(["{p}€", "à partir de {p}€", "prix en mp", "-{pct}%"])),
            p.pick(r.choice(selling)),
            _maybe(r, 0.5, p.pick(r.choice(selling))),
            _maybe(
                r,
                0.4,
                p.fill(
                    r.choice(
                        ["à domicile", "livraison {city}", "je me déplace", "remise en main propre"]
                    )
                ),
            ),
        ],
    )
    f("other_talk", 2, lambda p, r: [p.pick("u_talk"), "|", _maybe(r, 0.3, p.pick("emoji_deco"))])
    f("other_question", 1.2, lambda p, r: [p.pick("u_question")], eval_only=True)


def families() -> list[Family]:
    found: list[Family] = []
    _fake(found)
    _legit(found)
    _other(found)
    return found


_GAMES = {"fake_injector": 0.35, "legit_practitioner": 0.03, "unrelated": 0.08}


def compose(family: Family, pools: Pools, rng: random.Random) -> str:
    parts = family.build(pools, rng)
    cut = parts.index("|") if "|" in parts else len(parts)
    text = _compose(rng, parts[:cut], parts[cut + 1 :])
    if rng.random() < 0.25:
        text = f"{text} {pools.pick('emoji_deco')}"
    return add_noise(text, rng, _GAMES[family.label])


def generate(split: str, count: int, seed: int = SEED) -> list[dict[str, str]]:
    """``count`` distinct posts of ``split`` ('train' or 'eval'), reproducible from ``seed``."""
    rng = random.Random(f"{seed}:{split}")  # noqa: S311 (reproducible data, not security)
    pools = Pools(ALL_POOLS, split, rng)
    chosen = [f for f in families() if split == "eval" or not f.eval_only]
    weights = [f.weight * (2.0 if split == "eval" and f.eval_only else 1.0) for f in chosen]
    seen: set[str] = set()
    rows: list[dict[str, str]] = []
    while len(rows) < count:
        family = rng.choices(chosen, weights)[0]
        text = compose(family, pools, rng)
        if text in seen or len(text) < 8:
            continue
        seen.add(text)
        rows.append(
            {
                "id": f"{split}-{len(rows):05d}",
                "text": text,
                "label": family.label,
                "family": family.name,
            }
        )
    return rows


def write(directory: Path = CORPUS_DIR, train: int = 2400, evaluation: int = 800) -> None:
    train_rows = generate("train", train)
    train_texts = {r["text"] for r in train_rows}
    eval_rows = [r for r in generate("eval", evaluation + 100) if r["text"] not in train_texts][
        :evaluation
    ]
    for name, rows in (("train.jsonl", train_rows), ("eval.jsonl", eval_rows)):
        with (directory / name).open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write()
