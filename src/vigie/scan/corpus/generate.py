"""Seeded composition generator of the labelled scan corpus (``train.jsonl`` and ``eval.jsonl``).

A post is composed by a *family* (a way of writing a kind of post: a classic ad, a city tour, a
physician quoting fees, a victim quoting an offer…) from phrase pools, with optional parts,
shuffled order, varied separators, emojis, hashtags and noise (abbreviations, missing accents,
spelling games). Held-out evaluation: some families exist only in ``eval.jsonl`` and about a quarter
of every pool's variants (phrasings, cities, names) are reserved to it, so the evaluation split
measures generalisation rather than memory. The families are the rows of ``FAMILIES``, each a
tuple of parts (a pool name, ``Say``, ``Maybe``, ``OneOf``, ``AnyPool``, ``Fill``).
Re-run: ``uv run python -m vigie.scan.corpus.generate``.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from vigie.scan.corpus.phrases_common import COMMON
from vigie.scan.corpus.phrases_fake import FAKE
from vigie.scan.corpus.phrases_full import FULL
from vigie.scan.corpus.phrases_legit import LEGIT
from vigie.scan.corpus.phrases_other import OTHER
from vigie.scan.corpus.phrases_stance import STANCE
from vigie.scan.corpus.pools import Pools, add_noise

CORPUS_DIR = Path(__file__).parent
SEED = 20261123
ALL_POOLS = {**COMMON, **FAKE, **LEGIT, **OTHER, **FULL, **STANCE}
_SEPARATORS = [" ", " ", "\n", " • ", " | ", ". ", " - ", " ✨ ", "\n\n", " 💕 ", ", ", " 👉 "]


@dataclass(frozen=True, slots=True)
class Say:
    """Literal text: the one given, or one of several drawn at random."""

    options: tuple[str, ...]

    def __init__(self, *options: str) -> None:
        object.__setattr__(self, "options", options)

    def render(self, pools: Pools, rng: random.Random) -> str:
        # One option draws nothing: ``rng.choice`` of a single item would still consume the PRNG.
        return self.options[0] if len(self.options) == 1 else rng.choice(self.options)


@dataclass(frozen=True, slots=True)
class Maybe:
    """``part`` with probability ``p``, else nothing (``part`` is drawn either way)."""

    p: float
    part: Part

    def render(self, pools: Pools, rng: random.Random) -> str:
        text = _render(self.part, pools, rng)
        return text if rng.random() < self.p else ""


@dataclass(frozen=True, slots=True)
class OneOf:
    """One of ``parts``, each drawn first, then one chosen."""

    parts: tuple[Part, ...]

    def __init__(self, *parts: Part) -> None:
        object.__setattr__(self, "parts", parts)

    def render(self, pools: Pools, rng: random.Random) -> str:
        return rng.choice([_render(part, pools, rng) for part in self.parts])


@dataclass(frozen=True, slots=True)
class AnyPool:
    """A phrase from one of several pools, the pool chosen first."""

    names: tuple[str, ...]

    def render(self, pools: Pools, rng: random.Random) -> str:
        return pools.pick(rng.choice(self.names))


@dataclass(frozen=True, slots=True)
class Fill:
    """One of ``templates`` with its ``{slots}`` filled."""

    templates: tuple[str, ...]

    def __init__(self, *templates: str) -> None:
        object.__setattr__(self, "templates", templates)

    def render(self, pools: Pools, rng: random.Random) -> str:
        return pools.fill(rng.choice(self.templates))


# A part of a post: a pool name (a phrase picked from that pool) or one of the shapes above.
Part = str | Say | Maybe | OneOf | AnyPool | Fill
# Parts before CUT keep their order; the ones after it are shuffled.
CUT = Say("|")


def _render(part: Part, pools: Pools, rng: random.Random) -> str:
    return pools.pick(part) if isinstance(part, str) else part.render(pools, rng)


@dataclass(frozen=True, slots=True)
class Family:
    """A way of writing one kind of post: a row of ``FAMILIES``."""

    name: str
    label: str
    weight: float
    parts: tuple[Part, ...]
    eval_only: bool = False
    bio: tuple[float, str] | None = None  # (probability, pool) of an author's bio

    def build(self, pools: Pools, rng: random.Random) -> list[str]:
        return [_render(part, pools, rng) for part in self.parts]


def _compose(rng: random.Random, head: list[str], tail: list[str]) -> str:
    """Join parts with one house style per post; ``tail`` parts come in a random order."""
    rng.shuffle(tail)
    sep = rng.choice(_SEPARATORS)
    parts = [p for p in [*head, *tail] if p]
    return sep.join(parts)


# The three labels, short so that each family fits on one row of the table.
_F, _L, _U = "fake_injector", "legit_practitioner", "unrelated"
SELLING = AnyPool(("f_booking", "f_payment", "f_urgency", "u_selling"))
ACT = OneOf("f_act", "f_euph")

# Families are drawn in this order from one seeded PRNG: reordering rows or parts changes the corpus.
FAMILIES: tuple[Family, ...] = (
    Family("fake_classic", _F, 3, (Maybe(0.6, "f_open"), "f_act", CUT, "f_price", "f_booking", Maybe(0.5, "f_venue"), Maybe(0.4, "f_payment"), Maybe(0.3, "f_urgency"), Maybe(0.3, "f_tags"))),
    Family("fake_euphemism", _F, 3, (Maybe(0.5, "f_open"), "f_euph", CUT, OneOf("f_price", "f_promo"), "f_booking", Maybe(0.5, "f_venue"), Maybe(0.3, "f_reassure"), Maybe(0.3, "f_urgency"))),
    Family("fake_tour", _F, 2, ("f_tour", CUT, ACT, Maybe(0.6, "f_price"), "f_booking", Maybe(0.6, "f_payment"))),
    Family("fake_result", _F, 2, ("f_result", CUT, ACT, Maybe(0.5, "f_product"), Maybe(0.7, "f_booking"), Maybe(0.4, "f_price"), Maybe(0.4, "f_closing"))),
    Family("fake_training", _F, 1.5, ("f_training", CUT, Maybe(0.5, "f_price"), "f_booking", Maybe(0.4, "f_payment"), Maybe(0.3, "f_title"))),
    Family("fake_title", _F, 2, ("f_title", CUT, ACT, OneOf("city", "zone"), "f_booking", Maybe(0.4, "f_reassure"), Maybe(0.4, "f_price"))),
    Family("fake_product", _F, 2, ("f_product", CUT, "f_act", "f_price", Maybe(0.5, "f_promo"), Maybe(0.6, "f_booking"), Maybe(0.3, "f_venue"))),
    Family("fake_minimal", _F, 2, (Say("💉👄", "💉", "👄💉", "💋💉", "🍒💉", ""), ACT, CUT, OneOf("f_urgency", "day"), OneOf("f_booking", Say("mp"), Say("dm"), Say("pv")))),
    Family("fake_en", _F, 1.5, ("f_en", CUT, Maybe(0.4, "f_tags"))),
    Family("fake_hyaluron_pen", _F, 0.8, (Say("Hyaluron pen", "Stylo hyaluronique sans aiguille", "Lemon Bottle 🍋 lipolyse", "Hyaluron pen (sans aiguille, sans douleur)"), CUT, "f_price", "f_booking", Maybe(0.5, "f_venue"))),
    Family("fake_full", _F, 4, ("f_full", CUT, Maybe(0.3, "f_tags"), Maybe(0.2, "f_closing"))),
    Family("fake_dr_claim", _F, 1.2, ("f_drname", CUT, "f_act", "f_promo", OneOf("f_venue", "f_booking"), Maybe(0.5, "f_payment")), eval_only=True),
    Family("fake_story", _F, 1.2, (Say("Story du jour :", "Petit message :", "Annonce :", "Dernière minute :"), "f_urgency", CUT, Say("💉👄", "💋", "🍒", "lèvres", "bouche"), OneOf("f_euph", "f_act"), OneOf(Say("prix en pv"), Say("tarifs en mp"), "f_price"), Maybe(0.5, "f_venue")), eval_only=True),

    Family("legit_practice", _L, 2, ("l_who", CUT, "l_act", "l_place", "l_booking", Maybe(0.7, "l_consult"), Maybe(0.3, "l_tags"))),
    Family("legit_prices", _L, 2.5, (Maybe(0.6, "l_who"), CUT, "l_price", "l_consult", Maybe(0.7, "l_booking"), Maybe(0.3, "l_place"))),
    Family("legit_promo", _L, 2.5, ("l_promo", CUT, "l_act", "l_booking", Maybe(0.5, "l_consult"), Maybe(0.4, "l_tags"), Maybe(0.4, "emoji_deco"))),
    Family("legit_edu", _L, 2, ("l_edu", CUT, Maybe(0.5, "l_who"), Maybe(0.4, "l_tags"))),
    Family("legit_story", _L, 1.5, ("l_story", CUT, Maybe(0.5, "l_edu"), Maybe(0.3, "l_who"))),
    Family("legit_dispo", _L, 1.5, ("l_dispo", CUT, "l_booking", Maybe(0.6, "l_place"), Maybe(0.4, "l_act"))),
    Family("legit_result", _L, 1.5, ("l_result", CUT, Maybe(0.5, "l_act"), Maybe(0.6, "l_consult"), Maybe(0.3, "l_who"))),
    Family("legit_en", _L, 1.2, ("l_en",)),
    Family("legit_train", _L, 0.8, ("l_train", CUT, Maybe(0.5, "l_who"))),
    Family("legit_full", _L, 4, ("l_full", CUT, Maybe(0.3, "l_tags"))),
    Family("legit_dm", _L, 1.2, ("l_dm", CUT, Maybe(0.6, "l_who"), Maybe(0.5, "l_booking")), eval_only=True),

    Family("other_hair", _U, 2, ("u_hair", CUT, Maybe(0.7, SELLING), Maybe(0.4, Say("à domicile")), Maybe(0.4, "u_tags"))),
    Family("other_cream", _U, 2, ("u_cream", CUT, Maybe(0.5, SELLING), Maybe(0.3, "u_tags"))),
    Family("other_tattoo", _U, 1.2, ("u_tattoo", CUT, Maybe(0.5, SELLING))),
    Family("other_nails", _U, 2, ("u_nails", CUT, Maybe(0.7, SELLING), Maybe(0.3, "u_tags"))),
    Family("other_cook", _U, 0.8, ("u_cook", CUT, Maybe(0.3, Say("#cuisine #recette")))),
    Family("other_health", _U, 1.2, ("u_health",)),
    Family("other_injection_word", _U, 0.8, ("u_other_inj",)),
    Family("other_news", _U, 2, ("u_news", CUT, Maybe(0.3, "u_aware"))),
    Family("other_victim", _U, 2, ("u_victim", CUT, Maybe(0.3, "u_tags"))),
    Family("other_life", _U, 2, ("u_life", CUT, Maybe(0.4, "emoji_deco"), Maybe(0.3, "hashtag_generic"))),
    Family("other_aware", _U, 1, ("u_aware", CUT, Maybe(0.3, "u_tags"))),
    Family("other_en", _U, 1.2, ("u_en",)),
    Family("other_full", _U, 4, ("u_full", CUT, Maybe(0.2, "u_tags"))),
    Family("other_commerce", _U, 2, ("u_commerce", CUT, Fill("{p}€", "à partir de {p}€", "prix en mp", "-{pct}%"), SELLING, Maybe(0.5, SELLING), Maybe(0.4, Fill("à domicile", "livraison {city}", "je me déplace", "remise en main propre")))),
    Family("other_talk", _U, 2, ("u_talk", CUT, Maybe(0.3, "emoji_deco"))),
    Family("other_question", _U, 1.2, ("u_question",), eval_only=True),
)  # fmt: skip


# The stance families (issue 13): who speaks and what they do with the market's words. A
# physician quoting an offer to warn, a victim quoting what she fell for, a salon offering
# mesotherapy, a reply to a comment that reveals the practice. Bios say who the author is.
_DOC_BIO, _SELLER_BIO, _PERSON_BIO = (
    (0.7, "s_doc_bio"),
    (0.6, "s_seller_bio"),
    (0.5, "s_person_bio"),
)
STANCE_FAMILIES: tuple[Family, ...] = (
    Family("s_fake_venue", _F, 3, ("s_venue", "s_venue_act", CUT, Maybe(0.6, "s_venue_who"), Maybe(0.5, Fill("{p}€ la séance", "cure de 3 séances {p_high}€", "à partir de {p}€", "-{pct}% en ce moment")), "s_venue_booking"), bio=(0.3, "s_seller_bio")),
    Family("s_fake_young", _F, 1.5, ("s_young", CUT, OneOf("s_link", "f_booking"), Maybe(0.5, "f_price"), Maybe(0.3, "f_urgency")), bio=_SELLER_BIO),
    Family("s_fake_euph_link", _F, 2, ("s_euph", CUT, "s_link", Maybe(0.4, Fill("{ml} ml", "tenue 6 mois", "résultat naturel")), Maybe(0.3, "emoji_deco")), bio=_SELLER_BIO),
    Family("s_fake_lastminute", _F, 1.5, (OneOf("s_lastminute", "s_friend"), CUT, ACT, Maybe(0.6, "f_booking"), Maybe(0.4, "f_payment")), bio=_SELLER_BIO),
    Family("s_fake_restock", _F, 1.5, ("s_restock", "s_resume", CUT, Maybe(0.7, ACT), Maybe(0.6, "f_booking"), Maybe(0.3, "f_urgency")), bio=_SELLER_BIO),
    Family("s_fake_reply", _F, 2, (Fill("{s_client}", "Réponse à {s_client} :", "@{first_name}"), "s_reply", CUT, Maybe(0.4, Say("💕", "😘", "🤍", ""))), bio=_SELLER_BIO),
    Family("s_fake_nurse", _F, 1.5, ("s_nurse", CUT, Maybe(0.7, ACT), "f_booking", Maybe(0.4, "f_price"), Maybe(0.3, "f_venue")), bio=_SELLER_BIO),
    Family("s_fake_dr_bio", _F, 1, (ACT, CUT, "f_price", "f_booking", Maybe(0.6, "f_payment")), bio=(0.9, "s_doc_bio")),

    Family("s_legit_quote", _L, 3, ("s_doc_open", "s_quoted_offer", Maybe(0.5, "s_quoted_offer"), "s_doc_verdict", CUT, Maybe(0.5, "s_doc_close")), bio=_DOC_BIO),
    Family("s_legit_red_flag", _L, 2, ("s_red_flag", CUT, Maybe(0.6, "s_doc_verdict"), Maybe(0.5, "s_doc_close")), bio=_DOC_BIO),
    Family("s_legit_refuse", _L, 2, (Maybe(0.5, Say("Ce que je ne fais pas :", "Mes refus, assumés :", "Non, désolée :", "")), "s_refuse", CUT, Maybe(0.6, "s_refuse"), Maybe(0.5, "s_doc_close")), bio=_DOC_BIO),
    Family("s_legit_repair", _L, 1.5, ("s_repair", CUT, Maybe(0.5, Say("Photos avec l'accord de la patiente.", "Signalement fait à l'ARS.", "Consultez si vous avez des boules dures.")), Maybe(0.5, "s_doc_close")), bio=_DOC_BIO),
    Family("s_legit_indication", _L, 2, ("s_indication", CUT, Maybe(0.5, Say("Prescription médicale obligatoire.", "Un traitement, pas de l'esthétique.", "Suivi tous les trois mois.")), Maybe(0.4, "s_doc_close")), bio=_DOC_BIO),

    Family("s_other_victim_quote", _U, 3, ("s_victim_open", OneOf("s_quoted_offer", Fill("{s_area} {p}€ en DM", "{p} cash chez elle", "acompte par Lydia")), CUT, "s_victim_end"), bio=_PERSON_BIO),
    Family("s_other_psa", _U, 2, ("s_psa", CUT, Maybe(0.5, "s_quoted_offer"), Maybe(0.3, "u_tags")), bio=_PERSON_BIO),
    Family("s_other_moderation", _U, 1.2, ("s_moderation", CUT, Maybe(0.4, Say("Merci de votre compréhension.", "Bonne journée à toutes.", "Thanks for keeping it safe."))), bio=_PERSON_BIO),
    Family("s_other_joke", _U, 1.5, ("s_joke", CUT, Maybe(0.6, Say("😂", "🤣", "💀", "mdr", "lol"))), bio=_PERSON_BIO),
    Family("s_other_no_inject", _U, 1.5, ("s_no_inject", CUT, Maybe(0.4, SELLING), Maybe(0.3, "u_tags")), bio=_PERSON_BIO),
    Family("s_other_inject_word", _U, 1, ("s_inject_other", CUT, Maybe(0.3, "emoji_deco")), bio=_PERSON_BIO),
    Family("s_other_question", _U, 1.2, ("s_question", CUT, Maybe(0.3, "emoji_deco")), bio=_PERSON_BIO),
    Family("s_other_indication_patient", _U, 1, (Say("Mon traitement :", "Je partage mon parcours :", "Pour celles qui demandent :"), "s_indication", CUT, Maybe(0.5, Say("Ça change la vie.", "Merci à mon médecin.", "Courage à toutes."))), bio=_PERSON_BIO),
)  # fmt: skip

# Replies to comments that are not offers: the stance families' replies all offer, which would
# teach the model that answering "@someone" is itself a tell. Their own PRNG stream (``-r``), so
# every earlier post stays byte-identical.
_REPLY_TO = Fill("@{first_name}", "Réponse à {s_client} :", "{s_client}", "replying to {s_client}:")
REPLY_FAMILIES: tuple[Family, ...] = (
    Family("r_other_warn", _U, 2, (_REPLY_TO, "s_reply_warn", CUT, Maybe(0.3, Say("🙏", "⚠️", "❤️", ""))), bio=_PERSON_BIO),
    Family("r_other_artist", _U, 1.5, (_REPLY_TO, "s_reply_artist", CUT, Maybe(0.3, Say("😊", "🖤", "💅", ""))), bio=_PERSON_BIO),
    Family("r_legit_reply", _L, 1.5, (_REPLY_TO, "s_reply_doc", CUT, Maybe(0.4, "s_doc_close")), bio=_DOC_BIO),
)  # fmt: skip

_GAMES = {"fake_injector": 0.35, "legit_practitioner": 0.03, "unrelated": 0.08}


def compose(family: Family, pools: Pools, rng: random.Random) -> str:
    parts = family.build(pools, rng)
    cut = parts.index("|") if "|" in parts else len(parts)
    text = _compose(rng, parts[:cut], parts[cut + 1 :])
    if rng.random() < 0.25:
        text = f"{text} {pools.pick('emoji_deco')}"
    return add_noise(text, rng, _GAMES[family.label])


def generate(
    split: str,
    count: int,
    seed: int = SEED,
    families: tuple[Family, ...] = FAMILIES,
    stream: str = "",
) -> list[dict[str, str]]:
    """``count`` distinct posts of ``split`` ('train' or 'eval'), reproducible from ``seed``."""
    rng = random.Random(f"{seed}:{split}{stream}")  # noqa: S311 (reproducible data, not security)
    pools = Pools(ALL_POOLS, split, rng)
    chosen = [f for f in families if split == "eval" or not f.eval_only]
    weights = [f.weight * (2.0 if split == "eval" and f.eval_only else 1.0) for f in chosen]
    seen: set[str] = set()
    rows: list[dict[str, str]] = []
    while len(rows) < count:
        family = rng.choices(chosen, weights)[0]
        text = compose(family, pools, rng)
        if text in seen or len(text) < 8:
            continue
        seen.add(text)
        row = {
            "id": f"{split}{stream}-{len(rows):05d}",
            "text": text,
            "label": family.label,
            "family": family.name,
        }
        if family.bio is not None:
            bio = pools.pick(family.bio[1])
            if bio and rng.random() < family.bio[0]:
                row["bio"] = bio
        rows.append(row)
    return rows


HANDWRITTEN_FAMILY = "hw:"  # family prefix of the hand-written training posts


def handwritten_training_rows(directory: Path = CORPUS_DIR) -> list[dict[str, str]]:
    """``train_handwritten.jsonl`` as training rows: each post's ``kind`` is its family.

    Posts written one by one read like real ones in ways no phrase pool does; they are new
    writing, never copied from the hand-written dev or eval sets (a test checks the texts).
    """
    rows = []
    with (directory / "train_handwritten.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            post = json.loads(line)
            row = {
                "id": post["id"],
                "text": post["text"],
                "label": post["label"],
                "family": HANDWRITTEN_FAMILY + post["kind"],
            }
            if post.get("bio"):
                row["bio"] = post["bio"]
            rows.append(row)
    return rows


def write(
    directory: Path = CORPUS_DIR,
    train: int = 2400,
    evaluation: int = 800,
    stance_train: int = 1400,
    stance_eval: int = 400,
    reply_train: int = 120,
    reply_eval: int = 40,
) -> None:
    """The first families' posts (unchanged since they were written), then the stance families',
    then the non-offer replies', then the hand-written training posts (``train_handwritten.jsonl``).

    The stance and reply families draw from their own PRNG streams, so adding them left every
    earlier post byte-identical; the hand-written posts come last and draw nothing.
    """
    train_rows = generate("train", train)
    train_rows += generate("train", stance_train, families=STANCE_FAMILIES, stream="-s")
    train_rows += generate("train", reply_train, families=REPLY_FAMILIES, stream="-r")
    train_rows += handwritten_training_rows()
    train_texts = {r["text"] for r in train_rows}
    eval_rows = [r for r in generate("eval", evaluation + 100) if r["text"] not in train_texts][
        :evaluation
    ]
    eval_rows += [
        r
        for r in generate("eval", stance_eval + 100, families=STANCE_FAMILIES, stream="-s")
        if r["text"] not in train_texts
    ][:stance_eval]
    eval_rows += [
        r
        for r in generate("eval", reply_eval + 40, families=REPLY_FAMILIES, stream="-r")
        if r["text"] not in train_texts
    ][:reply_eval]
    for name, rows in (("train.jsonl", train_rows), ("eval.jsonl", eval_rows)):
        with (directory / name).open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write()
