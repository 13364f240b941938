"""Features the classifier reads: the normalised text (hashed n-grams) and the signal hits.

Hashing keeps the artefact small and the vectorisers stateless (no vocabulary to ship or load), and
the signal features carry the domain knowledge the text alone would need thousands of examples to
learn: which families fired and which combinations (an injectable act AND a selling cue, an
injectable act AND a physician's frame).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from vigie.scan.lexicon import SIGNALS
from vigie.scan.signals import Hit

SIGNAL_NAMES: tuple[str, ...] = (
    *dict.fromkeys(s.signal for s in SIGNALS),
    "product_name",
    "invalid_rpps",
)

_SELLING = {"price", "promotion", "urgency"}
_OFF_FRAME = {"off_platform_booking", "non_medical_venue", "payment", "city_tour"}
_MEDICAL_FRAME = {
    "practice_address",
    "booking_platform",
    "consultation_consent",
    "physician_identity",
}
_STORY_FRAME = {"news_victim", "educational_warning"}
_INJECTABLE = {"injectable_act", "product_name", "banned_product"}
# What the speaker does (see lexicon): offering and booking, or warning, refusing, testifying.
_OFFER = {
    "offer_first_person",
    "booking_call",
    "beauty_venue",
    "restock_resume",
    "last_minute",
    "minor_or_numbing",
    "no_consultation",
    "product_sale",
}
_STANCE_AGAINST = {
    "warning_term",
    "negated_injection",
    "negated_channel",
    "refusal",
    "testimony",
    "quoted_offer",
    "medical_indication",
    "moderation_notice",
    "humour_question",
}
_BIO_PHYSICIAN = {
    "physician_identity",
    "booking_platform",
    "practice_address",
    "medical_indication",
}
_BIO_SELLER = {
    "off_platform_booking",
    "price",
    "self_title",
    "payment",
    "non_medical_venue",
    "beauty_venue",
    "booking_call",
    "city_tour",
    "injectable_euphemism",
}

INTERACTIONS: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = (
    ("inject_x_selling", frozenset(_INJECTABLE), frozenset(_SELLING)),
    ("inject_x_off_frame", frozenset(_INJECTABLE), frozenset(_OFF_FRAME)),
    ("inject_x_title", frozenset(_INJECTABLE), frozenset({"self_title", "training_sale"})),
    ("inject_x_medical", frozenset(_INJECTABLE), frozenset(_MEDICAL_FRAME)),
    ("inject_x_story", frozenset(_INJECTABLE), frozenset(_STORY_FRAME)),
    ("inject_x_other_context", frozenset(_INJECTABLE), frozenset({"non_injection_context"})),
    ("euphemism_x_selling", frozenset({"injectable_euphemism"}), frozenset(_SELLING | _OFF_FRAME)),
    ("selling_x_medical", frozenset(_SELLING), frozenset(_MEDICAL_FRAME)),
    (
        "medical_claim_x_off_frame",
        frozenset(_MEDICAL_FRAME | {"physician_claim"}),
        frozenset(_OFF_FRAME),
    ),
    (
        "selling_x_other_context",
        frozenset(_SELLING | _OFF_FRAME),
        frozenset({"non_injection_context"}),
    ),
    ("inject_x_offer", frozenset(_INJECTABLE | {"injectable_euphemism"}), frozenset(_OFFER)),
    ("inject_x_venue", frozenset(_INJECTABLE), frozenset({"beauty_venue", "non_medical_venue"})),
    (
        "inject_x_against",
        frozenset(_INJECTABLE | {"injectable_euphemism"}),
        frozenset(_STANCE_AGAINST),
    ),
    ("selling_x_against", frozenset(_SELLING | _OFF_FRAME | _OFFER), frozenset(_STANCE_AGAINST)),
    ("medical_x_against", frozenset(_MEDICAL_FRAME), frozenset(_STANCE_AGAINST | _STORY_FRAME)),
    ("offer_x_medical", frozenset(_OFFER), frozenset(_MEDICAL_FRAME)),
)
# An offer names something injectable AND a way to get it (a price, a channel, a venue, a
# title…). A post lacking either cannot be an offer, whatever the n-grams say: its fake-injector
# score is capped (``services.GATE_CAP``). The bio counts: "rdv en DM" in a bio is the channel.
GATE_INJECTABLE = frozenset(
    {
        "injectable_act",
        "injectable_euphemism",
        "product_name",
        "banned_product",
        "training_sale",
        "self_title",
    }
)
GATE_OFFER = frozenset(
    _SELLING
    | _OFF_FRAME
    | _OFFER
    | {"self_title", "training_sale", "banned_product", "before_after_same_day", "invalid_rpps"}
)


# A reply to a comment ("@lea oui je mets de la crème anesthésiante", "réponse à @sam : c'est
# 0,5 ml pour commencer", "oui je fais aussi les mineures") answers a thread about the act: the
# thread is the way to get it, and often the injectable is named only in the comment answered. A reply that reveals how the
# practice is run (numbing cream, minors, no prescription) or names the act, with nothing against
# it, opens the gate, unless it speaks of something else (a tattoo, a piercing).
REPLY = re.compile(
    r"\s*(?:(?:(?:en )?(?:reponse|repondre|reply|replying) (?:a|to) )?@[\w.]+|(?:oui|ouais|yes|yep|non|nope)\b(?!-))"
)
_REVEALS = frozenset({"minor_or_numbing", "no_consultation"})
# What speaks against an offer, or of something else (hair "botox", a tattoo).
_SPEAKS_AGAINST = frozenset(_STANCE_AGAINST | _STORY_FRAME | {"non_injection_context"})
# What a post does when it reports an offer instead of making one (a stance against it, a story).
REPORTS = frozenset(_STANCE_AGAINST | {"news_victim"})


# Answering the questions of the comments in a post of its own ("pour celles qui demandent : oui
# je mets une crème", "suite à vos questions", "for those asking") is a reply to the thread too.
FAQ = re.compile(
    r"\b(?:pour (?:celles|ceux|toutes celles|tous ceux) qui (?:me )?(?:demandent|demandaient|ont demande)"
    r"|suite a (?:vos|toutes vos|vos nombreuses) questions|vous etes (?:tres )?(?:nombreuses|nombreux) a (?:me )?demander"
    r"|je reponds a vos questions|vos questions en (?:dm|mp)|(?:for|to) (?:those|everyone|anyone|all of you) (?:who )?(?:asking|asked|keep asking))\b"
)


def is_reply(text: str) -> bool:
    """Whether the normalised ``text`` answers someone (``@handle …``, ``oui …``, a FAQ)."""
    return REPLY.match(text) is not None or FAQ.search(text, 0, 80) is not None


def offer_gate(hits: Sequence[Hit], bio_hits: Sequence[Hit] | None = None, text: str = "") -> bool:
    """Whether the post (with its author's bio) names an injectable and a way to get it.

    ``text`` (the normalised post) lets a reply stand for the way to get the act (see above).
    """
    post = {h.signal for h in hits}
    bio = {h.signal for h in bio_hits or ()}
    if bool(post & GATE_INJECTABLE) and bool((post | bio) & GATE_OFFER):
        return True
    # The profile says what the account sells ("💉 lèvres • cernes 📲 snap"): a post that books,
    # prices or times it ("lien en bio pour réserver", "2 places samedi") needs not name it again.
    if bool(bio & GATE_INJECTABLE) and bool(post & GATE_OFFER) and not post & _SPEAKS_AGAINST:
        return True
    reply_offer = bool(post & (_REVEALS | GATE_INJECTABLE)) and not post & _SPEAKS_AGAINST
    return reply_offer and is_reply(text)


# The illegal market's own way of selling: an injectable, booked off-platform (DM, Snapchat,
# WhatsApp…), paid by deposit, transfer or cash. A "Dr" or an RPPS in the post does not make that a
# physician's post (the label guide: a claimed title never rescues such an offer); only a post
# that speaks against it (a warning, a quotation, a testimony, a refusal…) or of something else
# (hair "botox", a tattoo) does.
_MARKET_MONEY = frozenset({"payment"})


def market_offer(hits: Sequence[Hit], text: str) -> bool:
    """Whether the post sells an injectable the way the illegal market does, speaking for it."""
    post = {h.signal for h in refusal_scope(hits, text)}
    return (
        bool(post & GATE_INJECTABLE)
        and "off_platform_booking" in post
        and bool(post & _MARKET_MONEY)
        and not post & _SPEAKS_AGAINST
    )


# Who is speaking: the author's bio read as an identity, and how it meets what the post does.
BIO_NAMES: tuple[str, ...] = (
    "bio:given",
    "bio:physician",
    "bio:seller",
    "bio:physician_claim",
    "bio:physician_x_post_offer",
    "bio:physician_x_post_against",
    "bio:seller_x_post_inject",
)
DENSE_NAMES: tuple[str, ...] = (
    *(f"has:{name}" for name in SIGNAL_NAMES),
    *(f"count:{name}" for name in SIGNAL_NAMES),
    *(name for name, _, _ in INTERACTIONS),
    "injectable_not_negated",
    "unambiguous_inject_x_other_context",
    "unambiguous_inject_x_venue",
    "positive_share_in_quotes",
    "negation_count",
    "question_marks",
    "reply_to_comment",
    "reply_x_reveals",
    "lay_offer",
    "beauty_offer",
    *BIO_NAMES,
    "positive_weight",
    "negative_weight",
    "length",
)
_INDEX = {name: i for i, name in enumerate(SIGNAL_NAMES)}


@lru_cache(maxsize=4)
def vectorizers(n_features: int) -> tuple[HashingVectorizer, HashingVectorizer]:
    """Character 3–5-grams within words (spelling games, word pieces) and word uni/bigrams (context)."""
    chars = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        n_features=n_features,
        alternate_sign=False,
        binary=True,
        norm="l2",
        lowercase=False,
        dtype=np.float32,
    )
    words = HashingVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        n_features=n_features,
        alternate_sign=False,
        binary=True,
        norm="l2",
        lowercase=False,
        token_pattern=r"(?u)\b\w+\b",  # noqa: S106 (a regex, not a password)
        dtype=np.float32,
    )
    return chars, words


_DIGIT = re.compile(r"\d")


def text_matrix(texts: Sequence[str], n_features: int) -> sparse.csr_matrix:
    """Hashed n-grams of normalised texts: ``2 * n_features`` columns (chars, then words).

    Digits are masked: which price, phone or RPPS number a post quotes says nothing the signals
    do not already say (validity of a number is the ``invalid_rpps`` signal), and specific digits
    would only be memorised.
    """
    chars, words = vectorizers(n_features)
    texts = [_DIGIT.sub("0", t) for t in texts]
    return sparse.hstack([chars.transform(texts), words.transform(texts)], format="csr")


# Injectable words that also name other things: hair "botox", a "piqûre" of a mosquito, a vaccine.
_AMBIGUOUS = re.compile(r"botox|tox\b|btx|piqu|inject|seringue|\d")
# "injections de cernes", "botox du front": an ambiguous word made unambiguous by the face area.
_ACT_ON_FACE = re.compile(
    r"(?:injections?|inject\w*|botox|piqures?) (?:de |des |du |aux |sur les |dans les |au niveau des )?"
    r"(?:levres|cernes|rides|front|pommettes|machoire|menton|nez|sillons|pattes?|joues|tempes)"
    r"|(?:levres|cernes|machoire|menton|pommettes)\b[^.!?]{0,20}\b\d(?:[.,]\d)? ?ml\b"
)
# Double quotes, or single ones opening after a non-letter and closing before one ('DM for
# prices', 'lips 99€'): a French apostrophe (l'acide, j'ai) sits between letters and opens nothing.
_QUOTED = re.compile(r'"[^"\n]{3,300}"|(?<!\w)\'(?:[^\'\n]|\'(?=\w)){3,200}\'(?!\w)')
_NEGATION = re.compile(r"\b(?:ne|n'|pas|jamais|sans|aucune?|zero|non|no|not|never|won't|don't)\b")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans between quotation marks (normalisation makes « » “ ” plain ``"``)."""
    return [m.span() for m in _QUOTED.finditer(text)]


def within(hit: Hit, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``hit`` lies inside one of ``spans`` (normalised offsets): quoted, negated…"""
    return any(a <= hit.nstart and hit.nend <= b for a, b in spans)


def _stance(hits: Sequence[Hit], text: str) -> list[float]:
    """Negation scope, quotation and questions: what the words are doing, not only which words.

    An injectable term inside a ``negated_injection`` hit ("sans injection") does not count as an
    injectable act; positive cues inside quotation marks are quoted, not offered.
    """
    negated = [(h.nstart, h.nend) for h in hits if h.signal == "negated_injection"]
    injectable = [h for h in hits if h.signal in _INJECTABLE and not within(h, negated)]
    present = {h.signal for h in hits}
    unambiguous = any(not _AMBIGUOUS.match(text, h.nstart) for h in injectable)
    quotes = quoted_spans(text)
    positive = [h for h in hits if h.weight > 0]
    inside = sum(h.weight for h in positive if within(h, quotes))
    total = sum(h.weight for h in positive)
    reply = is_reply(text)
    return [
        float(np.log1p(len(injectable))),
        float(unambiguous and "non_injection_context" in present),
        float(unambiguous and bool(present & {"beauty_venue", "non_medical_venue"})),
        inside / total if total else 0.0,
        float(np.log1p(len(_NEGATION.findall(text)))),
        float(min(text.count("?"), 3)) / 3.0,
        float(reply),
        float(reply and bool(present & _REVEALS)),
        float(bool(injectable) and _lay_offer(present)),
        float(_beauty_offer(present, unambiguous, text)),
    ]


# Nobody speaks against the act nor for a medical frame: an offer by a lay speaker.
_LAY_OFFER_CUES = frozenset(_OFFER | _SELLING | _OFF_FRAME)
_NOT_LAY = frozenset(_STANCE_AGAINST | _STORY_FRAME | _MEDICAL_FRAME | {"non_injection_context"})


# A beauty venue that adds an unmistakable injection to its nails, lashes or hair ("pose de gel et
# injections de cernes à l'institut", "méso capillaire au salon"): the venue is the tell, and its
# other services are no "non-injection context" then. Hair "botox" stays ambiguous (no face area).
_NOT_BEAUTY_OFFER = frozenset(_STANCE_AGAINST | _STORY_FRAME | _MEDICAL_FRAME)


def _beauty_offer(present: set[str], unambiguous: bool, text: str) -> bool:
    """An unmistakable injectable offered by a beauty venue, with no physician and no warning.

    The face-area search runs last: most posts are settled by the cheap set tests.
    """
    return (
        bool(present & _INJECTABLE)
        and bool(present & {"beauty_venue", "offer_first_person"})
        and not present & _NOT_BEAUTY_OFFER
        and (unambiguous or bool(_ACT_ON_FACE.search(text)))
    )


def _lay_offer(present: set[str]) -> bool:
    """An offer cue (first person, booking call, venue, price…) with no physician, no warning."""
    return bool(present & _LAY_OFFER_CUES) and not present & _NOT_LAY


def _bio_block(post: set[str], bio_hits: Sequence[Hit] | None) -> list[float]:
    if bio_hits is None:
        return [0.0] * len(BIO_NAMES)
    bio = {h.signal for h in bio_hits}
    physician = float(bool(bio & _BIO_PHYSICIAN))
    seller = float(bool(bio & _BIO_SELLER))
    offer = float(bool(post & (_OFF_FRAME | _OFFER | {"payment"})))
    against = float(bool(post & (_STANCE_AGAINST | _STORY_FRAME)))
    inject = float(bool(post & (_INJECTABLE | {"injectable_euphemism"})))
    claim = float("physician_claim" in bio)
    return [1.0, physician, seller, claim, physician * offer, physician * against, seller * inject]


# A refusal covers what follows it up to the end of its clause (at most ``_SCOPE`` characters).
_SCOPE = 60
_CLAUSE_END = re.compile(r"[.,!?\n;]|\bmais\b|\bbut\b")
_REFUSED = frozenset(
    {*_OFFER, *_OFF_FRAME, *_SELLING, "no_consultation", "before_after_same_day"} - {"product_sale"}
)
_FRAME_AFTER_REFUSAL = frozenset({"consultation_consent", "booking_platform"})
_FRAME_GAP = re.compile(r"[\s\w']{0,12}")
_NOT_A_LACK = re.compile(r"\b(?:sans|avant|without|before)\b")


def refusal_scope(hits: Sequence[Hit], text: str) -> list[Hit]:
    """The hits as the speaker means them once refusals are read.

    Offer cues a refusal covers are refused, not offered ("je refuse les rendez-vous pris par
    message privé sans consultation"): they are dropped. A medical frame the speaker refuses right
    after the refusal ("je ne demande pas d'ordonnance") is the lack of one: a ``no_consultation``.
    """
    spans = []
    for h in hits:
        if h.signal == "refusal":
            end = _CLAUSE_END.search(text, h.nend)
            spans.append((h.nend, min(end.start() if end else len(text), h.nend + _SCOPE)))
    if not spans:
        return list(hits)
    kept = []
    for h in hits:
        scope = next((a for a, b in spans if a <= h.nstart < b), None)
        if scope is None:
            kept.append(h)
        elif h.signal in _REFUSED:
            continue
        elif h.signal in _FRAME_AFTER_REFUSAL and (
            _FRAME_GAP.fullmatch(text, scope, h.nstart)
            and not _NOT_A_LACK.search(text, scope, h.nstart)
        ):
            kept.append(
                Hit("no_consultation", 1.0, h.start, h.end, h.explanation, h.nstart, h.nend)
            )
        else:
            kept.append(h)
    return kept


def dense_row(
    hits: Sequence[Hit],
    text_length: int,
    text: str = "",
    bio_hits: Sequence[Hit] | None = None,
) -> npt.NDArray[np.float32]:
    """Signal features of one text (its normalised form ``text``), in ``DENSE_NAMES`` order.

    ``bio_hits`` are the signals of the author's bio, when known: the speaker's identity.
    """
    hits = refusal_scope(hits, text)
    n = len(SIGNAL_NAMES)
    counts = np.zeros(n, dtype=np.float32)
    positive = negative = 0.0
    for hit in hits:
        counts[_INDEX.get(hit.signal, _INDEX["product_name"])] += 1
        if hit.weight > 0:
            positive += hit.weight
        else:
            negative -= hit.weight
    present = {name for name, c in zip(SIGNAL_NAMES, counts, strict=True) if c}
    crosses = [float(bool(present & a) and bool(present & b)) for _, a, b in INTERACTIONS]
    extra = [min(positive, 10.0) / 5.0, min(negative, 10.0) / 5.0, np.log1p(text_length) / 6.0]
    return np.concatenate(
        [
            (counts > 0).astype(np.float32),
            np.log1p(counts),
            crosses,
            _stance(hits, text),
            _bio_block(present, bio_hits),
            extra,
        ]
    ).astype(np.float32)


def dense_matrix(rows: Sequence[npt.NDArray[np.float32]]) -> npt.NDArray[np.float32]:
    if not rows:
        return np.zeros((0, len(DENSE_NAMES)), dtype=np.float32)
    return np.vstack(rows)
