"""Approaches compared on the same posts: grouped CV, the generated eval split, the hand-written set.

    .venv/bin/python -m bench.scan_compare [--folds 5]

Each approach is trained on the train split only. Its figures are printed three times, apart:

1. grouped k-fold cross-validation on the train split (folds grouped by family: each fold's ways
   of writing are unseen), which is what chose the shipped approach;
2. the generated eval split (``eval.jsonl``), synthetic like training, an upper bound;
3. the hand-written set (``eval_handwritten.jsonl``), written one by one and never trained on nor
   used to choose anything: the figure to quote first.

Approaches: the keyword baseline, logistic regression on text n-grams only, on signal and stance
features only, and on both (the shipped one, C = 4), all scored through the real ``Scanner`` path
(bios, negations, the offer gate, cross-checks without registry). ``fake_injector``
precision/recall/F1 and physicians' posts scored high risk (not measured in CV: risk needs the
calibrated scanner).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from vigie.products.catalog import load_catalog
from vigie.scan import evaluation, training
from vigie.scan.features import DENSE_NAMES
from vigie.scan.model import CLASSES
from vigie.scan.services import Scanner

HANDWRITTEN = Path(__file__).resolve().parents[1] / "src/vigie/scan/corpus/eval_handwritten.jsonl"


def _line(name: str, report: evaluation.Report, *, risk: bool = True) -> str:
    p, r, f = report.prf(0)
    share = f"{report.physicians_high}/{report.physicians}" if risk else "—"
    return f"  {name:<44}{p:>10.3f}{r:>8.3f}{f:>8.3f}{share:>16}"


def _cv_report(name: str, y: np.ndarray, predicted: np.ndarray) -> evaluation.Report:
    report = evaluation.Report(name)
    for truth, guess in zip(y, predicted, strict=True):
        report.add(CLASSES[truth], CLASSES[guess])
    return report


def _masked(clf: LogisticRegression, keep: np.ndarray) -> LogisticRegression:
    """The fitted model with the columns it was not given set back to zero weight."""
    full = np.zeros((clf.coef_.shape[0], keep.size))
    full[:, keep] = clf.coef_
    clf.coef_ = full
    return clf


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    catalog = load_catalog()
    rows = training.load_rows(training.corpus_path("train"))
    sets = {
        "generated eval split": training.load_rows(training.corpus_path("eval")),
        "hand-written set": training.load_rows(HANDWRITTEN),
    }
    params = training.TrainParams(folds=args.folds)
    start = time.process_time()
    x = training.featurise_rows(rows, params, catalog)
    print(f"featurised {len(rows)} training posts in {time.process_time() - start:.1f} CPU-s")
    y = np.array([CLASSES.index(r["label"]) for r in rows])
    groups = np.array([r["family"] for r in rows])
    weights = training.sample_weights(rows, params)
    width = 2 * params.n_features
    columns = np.arange(x.shape[1])
    approaches = {
        "LR, text n-grams only": columns < width,
        "LR, signal + stance features only": columns >= width,
        "LR, n-grams + signals + stance (shipped)": columns >= 0,
    }
    results: dict[str, list[str]] = {name: [] for name in ["grouped CV", *sets]}
    header = f"  {'approach':<44}{'precision':>10}{'recall':>8}{'f1':>8}{'physicians high':>16}"
    open_gate = training.gates(rows, catalog)
    for name, keep in approaches.items():
        oof = training.out_of_fold(x[:, keep], y, groups, params, weights)
        predicted = training.gated(oof, open_gate).argmax(axis=1)
        results["grouped CV"].append(_line(name, _cv_report(name, y, predicted), risk=False))
        clf = _masked(training._fit(x[:, keep], y, params, weights), keep)
        model = training.to_linear_model(clf, params, training.platt(oof, y), {})
        scanner = Scanner(model, catalog)
        for set_name, data in sets.items():
            results[set_name].append(_line(name, evaluation.evaluate(scanner, data)[0]))
    for set_name, data in sets.items():
        baseline = evaluation.Report("keyword")
        for row in data:
            baseline.add(row["label"], evaluation.keyword_rule(row["text"]))
        results[set_name].insert(0, _line("keyword baseline (2-line rule)", baseline))
    for set_name, lines in results.items():
        size = len(rows) if set_name == "grouped CV" else len(sets[set_name])
        print(f"\n== {set_name} ({size} posts), fake_injector ==")
        print(header)
        print("\n".join(lines))
    print(
        f"\n{len(DENSE_NAMES)} signal/stance features; total {time.process_time() - start:.0f} CPU-s"
    )


if __name__ == "__main__":
    main()
