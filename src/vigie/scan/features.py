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
)
DENSE_NAMES: tuple[str, ...] = (
    *(f"has:{name}" for name in SIGNAL_NAMES),
    *(f"count:{name}" for name in SIGNAL_NAMES),
    *(name for name, _, _ in INTERACTIONS),
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


def dense_row(hits: Sequence[Hit], text_length: int) -> npt.NDArray[np.float32]:
    """Signal features of one text, in ``DENSE_NAMES`` order."""
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
        [(counts > 0).astype(np.float32), np.log1p(counts), crosses, extra]
    ).astype(np.float32)


def dense_matrix(rows: Sequence[npt.NDArray[np.float32]]) -> npt.NDArray[np.float32]:
    if not rows:
        return np.zeros((0, len(DENSE_NAMES)), dtype=np.float32)
    return np.vstack(rows)
