"""The hand-written evaluation set: well-formed, labelled with the guide's three labels, held out."""

from __future__ import annotations

import json
from collections import Counter

from vigie.scan.corpus.generate import HANDWRITTEN_FAMILY
from vigie.scan.model import CLASSES
from vigie.scan.training import corpus_path, load_rows


def test_the_handwritten_set_is_large_varied_and_never_in_training() -> None:
    rows = load_rows(corpus_path("eval_handwritten"))
    assert len(rows) >= 400
    labels = Counter(r["label"] for r in rows)
    assert set(labels) == set(CLASSES)
    assert min(labels.values()) >= 100
    assert len({r["text"] for r in rows}) == len(rows)
    assert len({r["kind"] for r in rows}) >= 100  # ways of writing, not one template
    generated = {r["text"] for split in ("train", "eval") for r in load_rows(corpus_path(split))}
    assert not generated & {r["text"] for r in rows}
    dev = {r["text"] for r in load_rows(corpus_path("dev_handwritten"))}
    assert not dev & {r["text"] for r in rows}


def test_every_handwritten_line_is_a_json_object_with_text_and_label() -> None:
    with corpus_path("eval_handwritten").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            assert row["text"].strip()
            assert row["label"] in CLASSES


def test_the_handwritten_training_posts_are_in_the_train_split_and_nowhere_else() -> None:
    """The hand-written training posts train the model; the dev and eval sets stay unseen."""
    written = load_rows(corpus_path("train_handwritten"))
    assert len(written) >= 150
    assert {r["label"] for r in written} == set(CLASSES)
    texts = {r["text"] for r in written}
    assert len(texts) == len(written)
    train = {r["text"]: r for r in load_rows(corpus_path("train"))}
    assert all(train[t]["family"].startswith(HANDWRITTEN_FAMILY) for t in texts)
    for held_out in ("eval_handwritten", "dev_handwritten", "eval"):
        assert not texts & {r["text"] for r in load_rows(corpus_path(held_out))}, held_out
