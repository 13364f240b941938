"""Training of the shipped classifier (``vigie scan train``): reproducible, seeded, grouped-CV calibrated.

Steps: featurise the training split (hashed n-grams + signal features, exactly as at scoring time),
fit a multinomial logistic regression, then calibrate P(fake_injector) with Platt scaling on
out-of-fold predictions from cross-validation grouped by *family* (a family is one way of writing
a post; grouping keeps near-duplicates of one family out of its own validation fold). The
evaluation split is never read here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from vigie.products.catalog import Catalog, load_catalog
from vigie.scan.corpus.generate import HANDWRITTEN_FAMILY
from vigie.scan.features import dense_matrix, dense_row, offer_gate, text_matrix
from vigie.scan.model import CLASSES, LinearModel, RiskBands
from vigie.scan.normalize import normalize
from vigie.scan.signals import find_signals

SEED = 20261123
N_FEATURES = 2**18


@dataclass(frozen=True)
class TrainParams:
    c: float = 4.0  # inverse regularisation strength (chosen by grouped CV, see docs/scan.md)
    dense_scale: float = 1.0  # weight of the signal features against the n-grams
    # Weight of each hand-written training post against a generated one: posts written one by one
    # carry more ways of writing than as many drawn from phrase pools. 3 was chosen on the dev set
    # with 504 of them; with 2,032 (half the generated rows), 2 and 3 score the same on fresh dev
    # batches and 2 has the higher grouped-CV precision (docs/scan.md).
    handwritten_weight: float = 2.0
    folds: int = 5
    n_features: int = N_FEATURES
    seed: int = SEED


def corpus_path(split: str) -> Path:
    return Path(str(resources.files("vigie.scan").joinpath(f"corpus/{split}.jsonl")))


def load_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def featurise(
    texts: Sequence[str],
    catalog: Catalog,
    n_features: int,
    dense_scale: float,
    bios: Sequence[str | None] | None = None,
) -> sparse.csr_matrix:
    """Exactly what ``Scanner.log_odds`` computes at scoring time (a bio, when given, as speaker)."""
    norms = [normalize(t) for t in texts]
    speakers = [
        find_signals(normalize(b), catalog) if b else None for b in (bios or [None] * len(texts))
    ]
    dense = dense_matrix(
        [
            dense_row(find_signals(n, catalog), len(n.text), n.text, bio)
            for n, bio in zip(norms, speakers, strict=True)
        ]
    )
    x_text = text_matrix([n.text for n in norms], n_features)
    return sparse.hstack([x_text, sparse.csr_matrix(dense * dense_scale)], format="csr")


def featurise_rows(
    rows: Sequence[dict[str, str]], params: TrainParams, catalog: Catalog | None = None
) -> sparse.csr_matrix:
    return featurise(
        [r["text"] for r in rows],
        catalog or load_catalog(),
        params.n_features,
        params.dense_scale,
        [r.get("bio") for r in rows],
    )


def sample_weights(rows: Sequence[dict[str, str]], params: TrainParams) -> np.ndarray:
    """``params.handwritten_weight`` for the hand-written training posts, 1 for generated ones."""
    return np.array(
        [
            params.handwritten_weight if r["family"].startswith(HANDWRITTEN_FAMILY) else 1.0
            for r in rows
        ]
    )


def _fit(
    x: sparse.csr_matrix, y: np.ndarray, params: TrainParams, weights: np.ndarray | None = None
) -> LogisticRegression:
    clf = LogisticRegression(C=params.c, max_iter=3000, random_state=params.seed)
    clf.fit(x, y, sample_weight=weights)
    return clf


def out_of_fold(
    x: sparse.csr_matrix,
    y: np.ndarray,
    groups: np.ndarray,
    params: TrainParams,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Class probabilities of each row from a model that never saw its family."""
    probs = np.zeros((x.shape[0], len(CLASSES)))
    for train_idx, test_idx in GroupKFold(n_splits=params.folds).split(x, y, groups):
        fold_weights = None if weights is None else weights[train_idx]
        fitted = _fit(x[train_idx], y[train_idx], params, fold_weights)
        probs[test_idx] = fitted.predict_proba(x[test_idx])
    return probs


def platt(probs: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and bias mapping the model's fake-vs-rest log-odds to calibrated log-odds."""
    p = np.clip(probs[:, 0], 1e-9, 1 - 1e-9)
    z = np.log(p / (1 - p)).reshape(-1, 1)
    fit = LogisticRegression(C=1e4).fit(z, (y == 0).astype(int))
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def to_linear_model(
    clf: LogisticRegression,
    params: TrainParams,
    calibration: tuple[float, float],
    meta: dict[str, Any],
) -> LinearModel:
    coef = np.asarray(clf.coef_, dtype=np.float64)  # (3, 2n + dense)
    width = 2 * params.n_features
    return LinearModel(
        n_features=params.n_features,
        text_weights=sparse.csr_matrix(coef[:, :width].T),
        dense_weights=coef[:, width:].T * params.dense_scale,
        intercept=np.asarray(clf.intercept_, dtype=np.float64),
        calibration=calibration,
        bands=RiskBands(),
        metadata=meta,
    )


def gates(rows: Sequence[dict[str, str]], catalog: Catalog) -> np.ndarray:
    """``features.offer_gate`` of each row, as the scanner applies it."""
    norms = [normalize(r["text"]) for r in rows]
    return np.array(
        [
            offer_gate(
                find_signals(n, catalog),
                find_signals(normalize(r["bio"]), catalog) if r.get("bio") else None,
                n.text,
            )
            for r, n in zip(rows, norms, strict=True)
        ]
    )


def gated(probs: np.ndarray, open_gate: np.ndarray) -> np.ndarray:
    """Class probabilities with fake_injector ruled out where the offer gate is closed."""
    out = probs.copy()
    out[~open_gate, 0] = 0.0
    return out


def train(
    rows: list[dict[str, str]], params: TrainParams = TrainParams(), catalog: Catalog | None = None
) -> tuple[LinearModel, np.ndarray]:
    """The model trained on ``rows`` and its gated out-of-fold probabilities (for the CV report)."""
    catalog = catalog or load_catalog()
    x = featurise_rows(rows, params, catalog)
    y = np.array([CLASSES.index(r["label"]) for r in rows])
    groups = np.array([r["family"] for r in rows])
    weights = sample_weights(rows, params)
    oof = out_of_fold(x, y, groups, params, weights)
    clf = _fit(x, y, params, weights)
    digest = hashlib.sha256("\n".join(r["text"] + r["label"] for r in rows).encode()).hexdigest()[
        :16
    ]
    meta = {
        "trained_rows": len(rows),
        "corpus_sha256_16": digest,
        "params": params.__dict__,
        "algorithm": "multinomial logistic regression",
    }
    return to_linear_model(clf, params, platt(oof, y), meta), gated(oof, gates(rows, catalog))


def fake_prf(y: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of the fake_injector class (index 0)."""
    tp = int(((predicted == 0) & (y == 0)).sum())
    precision = tp / max(int((predicted == 0).sum()), 1)
    recall = tp / max(int((y == 0).sum()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def compare(rows: list[dict[str, str]], params: TrainParams = TrainParams()) -> list[str]:
    """Grouped-CV fake_injector figures of a few alternatives, as printable lines."""
    from sklearn.naive_bayes import ComplementNB

    x = featurise_rows(rows, params)
    y = np.array([CLASSES.index(r["label"]) for r in rows])
    groups = np.array([r["family"] for r in rows])
    width = 2 * params.n_features
    variants: list[tuple[str, sparse.csr_matrix, TrainParams]] = [
        ("LR text n-grams only", x[:, :width], params),
        ("LR signal features only", x[:, width:], params),
        *((f"LR n-grams + signals, C={c}", x, TrainParams(c=c)) for c in (1.0, 4.0, 16.0)),
    ]
    lines = [f"{'model (grouped 5-fold CV by family)':<42}{'precision':>10}{'recall':>10}{'f1':>8}"]
    for name, matrix, variant in variants:
        p, r, f = fake_prf(y, out_of_fold(matrix, y, groups, variant).argmax(axis=1))
        lines.append(f"{name:<42}{p:>10.3f}{r:>10.3f}{f:>8.3f}")
    nb = np.zeros(len(y), dtype=int)
    for tr, te in GroupKFold(n_splits=params.folds).split(x, y, groups):
        nb[te] = ComplementNB().fit(x[tr][:, :width], y[tr]).predict(x[te][:, :width])
    p, r, f = fake_prf(y, nb)
    lines.append(f"{'Complement naive Bayes, n-grams only':<42}{p:>10.3f}{r:>10.3f}{f:>8.3f}")
    return lines
