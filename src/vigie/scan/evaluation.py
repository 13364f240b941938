"""Evaluation (``vigie scan evaluate``): per-class precision/recall/F1, confusion matrix, the share
of physicians' posts scored high risk, and the keyword baseline measured on the same posts.

The baseline is the two-line rule the issue quotes: an injectable term AND a selling cue AND no
physician cue, on lowercased text without Vigie's normalisation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from vigie.scan.model import CLASSES
from vigie.scan.schemas import PostIn, PostResult
from vigie.scan.services import Scanner

_INJECTABLE = re.compile(r"inject|injection|hyalu|botox|filler|lèvres|levres|lips|toxine|💉")
_SELLING = re.compile(r"€|euro|prix|promo|offre|dm|mp|snap|whatsapp|dispo|rdv|tarif")
_PHYSICIAN = re.compile(
    r"\bdr\b|docteur|médecin|medecin|dermatolog|chirurgien|doctolib|cabinet|clinique"
)


def keyword_rule(text: str) -> str:
    """The baseline: fake_injector when an injectable term and a selling cue meet without a physician cue."""
    low = text.lower()
    hit = (
        bool(_INJECTABLE.search(low)) and bool(_SELLING.search(low)) and not _PHYSICIAN.search(low)
    )
    return "fake_injector" if hit else "unrelated"


@dataclass
class Report:
    name: str
    confusion: list[list[int]] = field(default_factory=lambda: [[0] * 3 for _ in CLASSES])
    physicians_high: int = 0
    physicians: int = 0

    def add(self, truth: str, predicted: str, high: bool = False) -> None:
        self.confusion[CLASSES.index(truth)][CLASSES.index(predicted)] += 1
        if truth == "legit_practitioner":
            self.physicians += 1
            self.physicians_high += int(high)

    def prf(self, index: int) -> tuple[float, float, float]:
        tp = self.confusion[index][index]
        predicted = sum(row[index] for row in self.confusion)
        actual = sum(self.confusion[index])
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def lines(self) -> list[str]:
        out = [
            f"== {self.name} ==",
            f"{'class':<20}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}",
        ]
        for i, name in enumerate(CLASSES):
            p, r, f = self.prf(i)
            out.append(f"{name:<20}{p:>10.3f}{r:>10.3f}{f:>10.3f}{sum(self.confusion[i]):>10}")
        out.append("confusion (rows = truth, columns = predicted: " + ", ".join(CLASSES) + ")")
        out.extend(
            f"  {name:<20}" + "".join(f"{v:>8}" for v in row)
            for name, row in zip(CLASSES, self.confusion, strict=True)
        )
        if self.physicians:
            share = self.physicians_high / self.physicians
            out.append(
                f"physicians' posts scored high risk: {self.physicians_high}/{self.physicians} = {share:.1%}"
            )
        return out


def scan_rows(scanner: Scanner, rows: Sequence[dict[str, str]]) -> list[PostResult]:
    """Each row scored once (with its bio), for every report made of them."""
    return list(
        scanner.scan_posts(PostIn(text=r["text"], id=r.get("id"), bio=r.get("bio")) for r in rows)
    )


def reports(rows: Sequence[dict[str, str]], results: Sequence[PostResult]) -> tuple[Report, Report]:
    """The model's report and the keyword baseline's, on the same rows."""
    model, baseline = Report("model"), Report("keyword baseline")
    for row, result in zip(rows, results, strict=True):
        model.add(row["label"], result.label.value, result.risk.value == "high")
        baseline.add(row["label"], keyword_rule(row["text"]))
    return model, baseline


def evaluate(scanner: Scanner, rows: Sequence[dict[str, str]]) -> tuple[Report, Report]:
    """The model's report and the keyword baseline's, on the same rows."""
    return reports(rows, scan_rows(scanner, rows))


def part_lines(rows: Sequence[dict[str, str]], results: Sequence[PostResult]) -> list[str]:
    """One fake_injector line per ``part`` of a set written in several batches (empty if one).

    A set grown later (``"part"`` on the new rows; the first rows have none) must still say what
    each batch scores on its own: the newest part is the one no earlier figure was printed on.
    ``results`` are the rows' scores, already computed for the whole set's report.
    """
    parts = sorted({r.get("part", "") for r in rows})
    if len(parts) < 2:
        return []
    out = []
    for part in parts:
        picked = [i for i, r in enumerate(rows) if r.get("part", "") == part]
        report, _ = reports([rows[i] for i in picked], [results[i] for i in picked])
        p, r, _f = report.prf(0)
        out.append(
            f"part {part or '(first)'}: {len(picked)} posts, fake_injector precision {p:.3f}"
            f" recall {r:.3f}, physicians' posts scored high {report.physicians_high}/{report.physicians}"
        )
    return out


def errors(
    scanner: Scanner, rows: Sequence[dict[str, str]]
) -> list[tuple[dict[str, str], str, float]]:
    """Misclassified rows with the predicted label and score (to read, not to tune on eval)."""
    results = scanner.scan_posts(PostIn(text=r["text"], bio=r.get("bio")) for r in rows)
    return [
        (r, res.label.value, res.score)
        for r, res in zip(rows, results, strict=True)
        if res.label.value != r["label"]
    ]
