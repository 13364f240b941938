"""Scanning service: build once (model artefact + product catalog), then score posts and accounts.

Pipeline per text: ``normalize`` → ``signals`` (+ product names) → ``features`` → the linear
model's calibrated P(fake_injector) → cross-checks (RPPS, claimed name, products) whose weights are
added to the log-odds → label, risk band and reasons. ``scan_posts`` vectorises a whole batch at
once, which is what makes batch scanning fast.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

import numpy as np

from vigie.config import Settings
from vigie.products.catalog import Catalog, load_catalog
from vigie.scan import account as account_scoring
from vigie.scan.crosschecks import run_checks
from vigie.scan.features import (
    REPORTS,
    dense_matrix,
    dense_row,
    market_offer,
    offer_gate,
    quoted_spans,
    within,
)
from vigie.scan.model import CLASSES, LinearModel, load_model
from vigie.scan.normalize import Normalized, normalize
from vigie.scan.registry_lookup import RegistryLookup
from vigie.scan.schemas import (
    AccountIn,
    AccountResult,
    Check,
    Label,
    PostIn,
    PostResult,
    Reason,
    Risk,
)
from vigie.scan.signals import Hit, find_signals

BIO_SHARE = 0.5  # how much of a suspicious bio's log-odds a post inherits
GATE_CAP = 0.35  # the highest score of a post naming no injectable or no way to get it (low risk)
BATCH_SIZE = 512


@dataclass(frozen=True, slots=True)
class Analysed:
    """One text after normalisation and signals, before scoring."""

    norm: Normalized
    hits: list[Hit]


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def reasons_from(hits: Sequence[Hit], original: str, field: str = "text") -> list[Reason]:
    return [
        Reason.model_construct(
            signal=h.signal,
            weight=h.weight,
            start=h.start,
            end=h.end,
            excerpt=original[h.start : h.end],
            explanation=h.explanation,
            field=field,
        )
        for h in sorted(hits, key=lambda h: (h.start, -h.weight))
    ]


def check_reasons(checks: Sequence[Check], original: str, field: str = "text") -> list[Reason]:
    return [
        Reason.model_construct(
            signal=f"{c.kind}_check",
            weight=c.weight,
            start=c.start or 0,
            end=c.end or 0,
            excerpt=original[c.start or 0 : c.end or 0] or c.value,
            explanation=c.explanation,
            field=field,
        )
        for c in checks
        if c.weight
    ]


# A post that books off-platform, takes payment or names a non-medical venue is an offer whoever
# the bio says the author is: a physician's bio may lower a warning's score, never such an offer's.
# A post that tells a story or speaks against the market (a physician's repair of lips done "en
# appartement", a quoted offer) is no such offer: its venue or channel is what it reports.
_OFFER_FRAME = frozenset({"off_platform_booking", "payment", "non_medical_venue", "booking_call"})


# A channel or a venue inside quotation marks is quoted ("une annonce « lèvres 120€, snap »"),
# not offered: a physician's bio may lower that post like any warning's.
def _offers(text: Analysed) -> bool:
    quotes = quoted_spans(text.norm.text)
    offered = {h.signal for h in text.hits if not within(h, quotes)}
    return bool(offered & _OFFER_FRAME) and not {h.signal for h in text.hits} & REPORTS


class Scanner:
    """Scores posts and accounts. Thread-safe after construction (holds read-only state)."""

    def __init__(self, model: LinearModel, catalog: Catalog) -> None:
        self.model = model
        self.catalog = catalog

    @classmethod
    def load(cls, model_dir: Path | None = None, bdpm_dir: Path | None = None) -> Scanner:
        return cls(load_model(model_dir), load_catalog(bdpm_dir))

    def analyse(self, text: str) -> Analysed:
        norm = normalize(text)
        return Analysed(norm, find_signals(norm, self.catalog))

    def log_odds(
        self, analysed: Sequence[Analysed], bios: Sequence[Analysed | None] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Class probabilities and calibrated fake-injector log-odds of a batch.

        ``bios[i]``, when given, is the author's bio of ``analysed[i]``: read as who is speaking.
        """
        speakers = bios if bios is not None else [None] * len(analysed)
        dense = dense_matrix(
            [
                dense_row(a.hits, len(a.norm.text), a.norm.text, b.hits if b else None)
                for a, b in zip(analysed, speakers, strict=True)
            ]
        )
        probs = self.model.probabilities([a.norm.text for a in analysed], dense)
        return probs, self.model.calibrated_log_odds(probs)

    def _result(
        self,
        post: PostIn,
        text: Analysed,
        probs: np.ndarray,
        z: float,
        bio: tuple[Analysed, float] | None,
        registry: RegistryLookup | None,
    ) -> PostResult:
        checks = run_checks(text.norm, self.catalog, registry)
        z += sum(c.weight for c in checks)
        reasons = reasons_from(text.hits, post.text) + check_reasons(checks, post.text)
        if bio is not None and post.bio:
            bio_checks = run_checks(bio[0].norm, self.catalog, registry)
            bio_z = bio[1] + sum(c.weight for c in bio_checks)
            z = max(z, z + BIO_SHARE * bio_z)
            reasons += reasons_from(bio[0].hits, post.bio, "bio") + check_reasons(
                bio_checks, post.bio, "bio"
            )
            checks += [
                c.model_copy(update={"details": {**c.details, "field": "bio"}}) for c in bio_checks
            ]
        score = sigmoid(z)
        if not offer_gate(text.hits, bio[0].hits if bio is not None else None, text.norm.text):
            score = min(score, GATE_CAP)
        elif market_offer(text.hits, text.norm.text):
            score = max(score, self.model.bands.label)
        return PostResult.model_construct(
            id=post.id,
            label=self._label(score, probs),
            score=round(score, 6),
            risk=Risk(self.model.bands.risk(score)),
            reasons=reasons,
            checks=checks,
        )

    def _label(self, score: float, probs: np.ndarray) -> Label:
        if score >= self.model.bands.label:
            return Label.FAKE_INJECTOR
        return Label(CLASSES[1] if probs[1] >= probs[2] else CLASSES[2])

    def scan_posts(
        self, posts: Iterable[PostIn], *, registry: RegistryLookup | None = None
    ) -> Iterator[PostResult]:
        """Score posts lazily, a batch at a time (memory stays flat on any input size)."""
        iterator = iter(posts)
        while batch := list(islice(iterator, BATCH_SIZE)):
            texts = [self.analyse(p.text) for p in batch]
            bios = {i: self.analyse(p.bio) for i, p in enumerate(batch) if p.bio}
            analysed = texts + list(bios.values())
            probs, z = self.log_odds(analysed)
            bio_z = dict(zip(bios, z[len(texts) :], strict=True))
            if bios:  # the same posts read with their author's bio as the speaker
                order = list(bios)
                with_probs, with_z = self.log_odds(
                    [texts[i] for i in order], [bios[i] for i in order]
                )
                for k, i in enumerate(order):
                    if with_z[k] >= z[i] or not _offers(texts[i]):
                        probs[i], z[i] = with_probs[k], with_z[k]
            for i, post in enumerate(batch):
                bio = (bios[i], float(bio_z[i])) if i in bios else None
                yield self._result(post, texts[i], probs[i], float(z[i]), bio, registry)

    def scan_post(self, post: PostIn, *, registry: RegistryLookup | None = None) -> PostResult:
        return next(self.scan_posts([post], registry=registry))

    def scan_account(
        self, account: AccountIn, *, registry: RegistryLookup | None = None
    ) -> AccountResult:
        """Score every post and the bio, then combine them (see ``account``)."""
        posts = [p.model_copy(update={"bio": None}) for p in account.posts]
        results = list(self.scan_posts(posts, registry=registry))
        bio = None
        if account.bio:
            bio = self.scan_post(PostIn(text=account.bio, id="bio"), registry=registry)
        return account_scoring.combine(account, results, bio, self.model.bands)


@lru_cache(maxsize=1)
def default_scanner() -> Scanner:
    """The scanner over the shipped artefact and product list, built once per process."""
    return Scanner.load()


@lru_cache(maxsize=4)
def _scanner_with_bdpm(bdpm_dir: Path) -> Scanner:
    return Scanner.load(bdpm_dir=bdpm_dir)


def scanner_for(settings: Settings) -> Scanner:
    """The scanner for these settings (a configured BDPM extract, else the default one)."""
    if settings.products_bdpm_dir is None:
        return default_scanner()
    return _scanner_with_bdpm(settings.products_bdpm_dir)
