"""Evaluation reports: a set grown in batches says what each batch scores on its own."""

from __future__ import annotations

from vigie.scan.evaluation import part_lines, scan_rows
from vigie.scan.services import default_scanner

OFFER = "Lèvres 1 ml 150€ 💋 acompte 30€ par snap, je me déplace à domicile sur Lyon"
WARNING = "Des lèvres à 150 € par snap chez une inconnue ? Fuyez : nécroses, infections, cécité."


def test_a_set_in_one_batch_prints_no_parts() -> None:
    rows = [{"text": OFFER, "label": "fake_injector"}, {"text": WARNING, "label": "unrelated"}]
    assert part_lines(rows, scan_rows(default_scanner(), rows)) == []


def test_each_part_is_scored_apart_with_its_own_counts() -> None:
    rows = [
        {"text": OFFER, "label": "fake_injector"},
        {"text": WARNING, "label": "unrelated"},
        {"text": OFFER + " !", "label": "unrelated", "part": "b"},
    ]
    first, second = part_lines(rows, scan_rows(default_scanner(), rows))
    assert first.startswith("part (first): 2 posts, fake_injector precision 1.000 recall 1.000")
    # the only post of part b is called an offer and is not one: precision 0, no offer to recall
    assert second.startswith("part b: 1 posts, fake_injector precision 0.000 recall 0.000")
