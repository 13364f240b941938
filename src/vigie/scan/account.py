"""Account-level scoring: how per-post scores and the bio combine into one account score.

An account is judged by its most suspicious post, reinforced by a suspicious bio and by other
suspicious posts (support), because an injector's feed mixes ads with selfies and holiday photos:
averaging would dilute the one post that offers injections. In log-odds::

    z = max_post_z + 0.5 * max(0, bio_z) + 0.5 * ln(1 + other posts scored medium or high)

The label is fake_injector when the combined score reaches the label threshold, otherwise the label
most of the posts carry. Reasons are those of the top post and of the bio.
"""

from __future__ import annotations

import math
from collections import Counter

from vigie.scan.model import RiskBands
from vigie.scan.schemas import AccountIn, AccountResult, Label, PostResult, Risk

BIO_SHARE = 0.5
SUPPORT_SHARE = 0.5


def _logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def combine(
    account: AccountIn, posts: list[PostResult], bio: PostResult | None, bands: RiskBands
) -> AccountResult:
    top = max(posts, key=lambda r: r.score, default=None)
    top_z = _logit(top.score) if top else _logit(0.01)
    bio_z = _logit(bio.score) if bio else None
    support = sum(1 for r in posts if r.risk != Risk.LOW) - (
        1 if top and top.risk != Risk.LOW else 0
    )
    z = top_z + BIO_SHARE * max(0.0, bio_z or 0.0) + SUPPORT_SHARE * math.log1p(max(support, 0))
    if top is None and bio_z is not None:
        z = bio_z
    score = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
    reasons = list(top.reasons) if top else []
    checks = list(top.checks) if top else []
    if bio is not None:
        reasons += [r.model_copy(update={"field": "bio"}) for r in bio.reasons]
        checks += bio.checks
    labels = Counter(r.label for r in posts if r.label != Label.FAKE_INJECTOR)
    fallback = labels.most_common(1)[0][0] if labels else (bio.label if bio else Label.UNRELATED)
    label = Label.FAKE_INJECTOR if score >= bands.label else fallback
    if label == Label.FAKE_INJECTOR and score < bands.label:
        label = Label.UNRELATED
    combination = {
        "method": "max_post_plus_bio_and_support",
        "formula": "z = max_post_z + 0.5*max(0, bio_z) + 0.5*ln(1 + support)",
        "posts": len(posts),
        "max_post_id": top.id if top else None,
        "max_post_score": top.score if top else None,
        "bio_score": bio.score if bio else None,
        "support": max(support, 0),
        "score": round(score, 6),
    }
    return AccountResult(
        handle=account.handle,
        platform=account.platform,
        label=label,
        score=round(score, 6),
        risk=Risk(bands.risk(score)),
        reasons=reasons,
        checks=checks,
        posts=posts,
        combination=combination,
    )
