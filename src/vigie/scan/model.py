"""The shipped classifier: a multinomial linear model over hashed n-grams and signal features.

The artefact is two files in ``artefacts/``: ``scan-model-vN.json`` (metadata, calibration, risk
thresholds, dense weights) and ``scan-model-vN.npz`` (the non-zero rows of the hashed-feature
weights). No pickle: ``np.load(..., allow_pickle=False)`` cannot execute code, the files diff and
review, and they load in milliseconds. Scoring needs only numpy/scipy and the stateless hashing
vectorisers, so it works offline with no training step.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from vigie.scan.features import DENSE_NAMES, text_matrix

CLASSES: tuple[str, ...] = ("fake_injector", "legit_practitioner", "unrelated")
MODEL_NAME = "scan-model-v1"
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class RiskBands:
    """Calibrated P(fake_injector) at or above ``high`` is high risk, at or above ``medium`` medium."""

    high: float = 0.80
    medium: float = 0.40
    label: float = 0.50  # score at or above which the label is fake_injector

    def risk(self, score: float) -> str:
        return "high" if score >= self.high else "medium" if score >= self.medium else "low"


@dataclass
class LinearModel:
    n_features: int
    text_weights: sparse.csr_matrix  # (2 * n_features, 3)
    dense_weights: FloatArray  # (len(DENSE_NAMES), 3)
    intercept: FloatArray  # (3,)
    calibration: tuple[float, float]  # Platt scaling of the fake-vs-rest log-odds
    bands: RiskBands = field(default_factory=RiskBands)
    metadata: dict[str, Any] = field(default_factory=dict)

    def logits(self, texts: Sequence[str], dense: npt.NDArray[np.float32]) -> FloatArray:
        x_text = text_matrix(texts, self.n_features)
        out = np.asarray((x_text @ self.text_weights).toarray(), dtype=np.float64)
        return out + dense.astype(np.float64) @ self.dense_weights + self.intercept

    def probabilities(self, texts: Sequence[str], dense: npt.NDArray[np.float32]) -> FloatArray:
        z = self.logits(texts, dense)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        probs: FloatArray = e / e.sum(axis=1, keepdims=True)
        return probs

    def calibrated_log_odds(self, probs: FloatArray) -> FloatArray:
        """Log-odds of fake_injector after Platt scaling (what cross-checks add to)."""
        p = np.clip(probs[:, 0], 1e-9, 1 - 1e-9)
        slope, bias = self.calibration
        result: FloatArray = slope * np.log(p / (1 - p)) + bias
        return result

    def save(self, directory: Path, name: str = MODEL_NAME) -> tuple[Path, Path]:
        rows = np.flatnonzero(np.abs(self.text_weights.toarray()).max(axis=1) > 1e-5)
        dense_rows = self.text_weights[rows].toarray().astype(np.float32)
        npz_path, json_path = directory / f"{name}.npz", directory / f"{name}.json"
        np.savez_compressed(npz_path, rows=rows.astype(np.int32), weights=dense_rows)
        meta = {
            **self.metadata,
            "name": name,
            "classes": list(CLASSES),
            "n_features": self.n_features,
            "dense_names": list(DENSE_NAMES),
            "dense_weights": np.round(self.dense_weights, 6).tolist(),
            "intercept": np.round(self.intercept, 6).tolist(),
            "calibration": list(self.calibration),
            "risk_bands": {
                "high": self.bands.high,
                "medium": self.bands.medium,
                "label": self.bands.label,
            },
        }
        json_path.write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", "utf-8")
        return npz_path, json_path


def load_model(directory: Path | None = None, name: str = MODEL_NAME) -> LinearModel:
    """Load an artefact (the one shipped in the package unless ``directory`` is given)."""
    base = directory or Path(str(resources.files("vigie.scan").joinpath("artefacts")))
    meta = json.loads((base / f"{name}.json").read_text("utf-8"))
    if list(meta["dense_names"]) != list(DENSE_NAMES):
        raise ValueError(
            f"{name} was trained with other signal features; retrain (vigie scan train)."
        )
    n = int(meta["n_features"])
    with np.load(base / f"{name}.npz", allow_pickle=False) as arrays:
        rows, weights = arrays["rows"], arrays["weights"]
    text_weights = sparse.csr_matrix(
        (weights.ravel(), (np.repeat(rows, 3), np.tile(np.arange(3), len(rows)))), shape=(2 * n, 3)
    )
    bands = meta["risk_bands"]
    return LinearModel(
        n_features=n,
        text_weights=text_weights,
        dense_weights=np.asarray(meta["dense_weights"], dtype=np.float64),
        intercept=np.asarray(meta["intercept"], dtype=np.float64),
        calibration=(float(meta["calibration"][0]), float(meta["calibration"][1])),
        bands=RiskBands(float(bands["high"]), float(bands["medium"]), float(bands["label"])),
        metadata={k: v for k, v in meta.items() if k not in {"dense_weights", "intercept"}},
    )
